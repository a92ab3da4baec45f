import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import { hubPaths } from '../../../src/core/hub/paths.js';
import { encode, proxyToHubSchema } from '../../../src/core/hub/messages.js';

describe('hubPaths', () => {
  it('puts the socket and token in <state>/hub', () => {
    const paths = hubPaths('/home/ada/.mcp-warden', 'linux');
    assert.deepEqual(paths, { dir: '/home/ada/.mcp-warden/hub', endpoint: '/home/ada/.mcp-warden/hub/hub.sock', tokenFile: '/home/ada/.mcp-warden/hub/token' });
  });

  it('falls back to a per-user temp directory when the socket path would be too long', () => {
    const deep = `/home/${'x'.repeat(120)}/.mcp-warden`;
    const paths = hubPaths(deep, 'linux');
    assert.ok(paths.endpoint.startsWith(os.tmpdir()));
    assert.ok(Buffer.byteLength(paths.endpoint) <= 100);
    assert.equal(paths.tokenFile, `${deep}/hub/token`);
    assert.notEqual(hubPaths(`${deep}2`, 'linux').endpoint, paths.endpoint);
  });

  it('uses a named pipe on Windows, distinct per state directory', () => {
    const a = hubPaths('C:\\Users\\ada\\.mcp-warden', 'win32').endpoint;
    assert.match(a, /^\\\\\.\\pipe\\mcp-warden-[0-9a-f]{16}$/);
    assert.notEqual(a, hubPaths('C:\\Users\\bob\\.mcp-warden', 'win32').endpoint);
  });
});

describe('hub messages', () => {
  it('round-trips an event and rejects unknown shapes', () => {
    const line = encode({ type: 'event', event: { type: 'warning', sessionId: 's', serverId: 'x', time: 1, message: 'm' } });
    assert.ok(line.endsWith('\n'));
    assert.equal(proxyToHubSchema.safeParse(JSON.parse(line)).success, true);
    assert.equal(proxyToHubSchema.safeParse({ type: 'event', event: { type: 'message', sessionId: 's' } }).success, false);
    assert.equal(proxyToHubSchema.safeParse({ type: 'hello', protocol: 1, token: 'short', proxyPid: 1, serverId: 'x', sessionId: 's' }).success, false);
  });
});
