import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyHost, insecureHttp } from '../../../src/core/lint/rules/insecure-http.js';
import { assertOneAt, checkEntry } from '../helpers/lint.js';

describe('insecure-http', () => {
  it('flags a remote url over http:// at the url, and the safe https twin is clean', () => {
    const bad = checkEntry(insecureHttp, { type: 'http', url: 'http://mcp.example.com/mcp' });
    const finding = assertOneAt(bad.server, bad.findings, '"http://mcp.example.com/mcp"');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /use https:\/\//);
    assert.deepEqual(checkEntry(insecureHttp, { type: 'http', url: 'https://mcp.example.com/mcp' }).findings, []);
  });

  it('says credentials travel in clear text when the entry sends an Authorization header', () => {
    const { findings } = checkEntry(insecureHttp, { url: 'http://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${input:t}' } });
    assert.match(findings[0]!.message, /credentials/);
  });

  it('flags ws:// and suggests wss://; wss:// is clean', () => {
    const bad = checkEntry(insecureHttp, { url: 'ws://realtime.example.org/mcp' });
    assert.match(assertOneAt(bad.server, bad.findings, '"ws://realtime.example.org/mcp"').message, /wss:\/\//);
    assert.deepEqual(checkEntry(insecureHttp, { url: 'wss://realtime.example.org/mcp' }).findings, []);
  });

  it('loopback is fine: localhost, 127.0.0.0/8, ::1', () => {
    for (const url of ['http://localhost:3000/mcp', 'http://127.0.0.1:8931/sse', 'http://127.8.9.10/mcp', 'http://[::1]:9000/mcp', 'http://api.localhost/mcp']) {
      assert.deepEqual(checkEntry(insecureHttp, { url }).findings, [], url);
    }
  });

  it('LAN addresses are a warning, 0.0.0.0 an informational note', () => {
    const lan = checkEntry(insecureHttp, { url: 'http://192.168.1.20:8080/mcp' });
    assert.equal(lan.findings[0]!.severity, 'warning');
    const any = checkEntry(insecureHttp, { url: 'http://0.0.0.0:8080/mcp' });
    assert.equal(any.findings[0]!.severity, 'info');
    assert.match(any.findings[0]!.message, /127\.0\.0\.1/);
  });

  it('finds http:// urls handed to a bridge such as mcp-remote in args', () => {
    const bad = checkEntry(insecureHttp, { command: 'npx', args: ['-y', 'mcp-remote@0.1.29', 'http://mcp.example.com/sse'] });
    const finding = assertOneAt(bad.server, bad.findings, '"http://mcp.example.com/sse"');
    assert.equal(finding.data?.field, 'args');
    assert.deepEqual(checkEntry(insecureHttp, { command: 'npx', args: ['-y', 'mcp-remote@0.1.29', 'https://mcp.example.com/sse'] }).findings, []);
  });

  it('classifies hosts', () => {
    assert.equal(classifyHost('LOCALHOST'), 'loopback');
    assert.equal(classifyHost('[::1]'), 'loopback');
    assert.equal(classifyHost('10.0.0.5'), 'private');
    assert.equal(classifyHost('172.20.1.1'), 'private');
    assert.equal(classifyHost('172.32.1.1'), 'public');
    assert.equal(classifyHost('printer.local'), 'private');
    assert.equal(classifyHost('example.com'), 'public');
  });
});
