// The hub over a real Unix socket with real proxies: token-authenticated, zod-validated, and
// never in the way of traffic.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { HubClient } from '../../../src/core/hub/client.js';
import { hubPaths } from '../../../src/core/hub/paths.js';
import { HubBusyError, HubServer, type HubConnectionInfo } from '../../../src/core/hub/server.js';
import type { ProxyEvent } from '../../../src/core/proxy/events.js';
import { connect, proxied, ROOT, SERVERS, tempDir, waitFor } from './helpers.js';

const dirs: string[] = [];
const hubs: HubServer[] = [];
const clients: Client[] = [];

after(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await Promise.allSettled(hubs.map((h) => h.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function stateDir(): string {
  const d = tempDir('warden-hub-');
  dirs.push(d);
  return d;
}

async function startHub(dir: string, handshakeTimeoutMs = 2_000): Promise<{ hub: HubServer; events: ProxyEvent[]; connections: HubConnectionInfo[] }> {
  const events: ProxyEvent[] = [];
  const connections: HubConnectionInfo[] = [];
  const hub = await HubServer.start({ stateDir: dir, onEvent: (event) => events.push(event), onConnect: (c) => connections.push(c), handshakeTimeoutMs });
  hubs.push(hub);
  return { hub, events, connections };
}

/** Opens a raw connection, sends `lines`, and reports every byte received until the hub closes it. */
async function rawSession(endpoint: string, lines: string[], waitMs = 500): Promise<{ received: Buffer; closedByHub: boolean }> {
  const socket = net.connect(endpoint);
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  for (const line of lines) socket.write(line);
  const closedByHub = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  socket.destroy();
  return { received: Buffer.concat(received), closedByHub };
}

/** Leaves a socket file nobody listens on, as a hub killed with SIGKILL (a crashed window) does. */
async function leaveStaleSocket(endpoint: string): Promise<void> {
  mkdirSync(path.dirname(endpoint), { recursive: true, mode: 0o700 });
  const holder = spawn(process.execPath, ['-e', "require('node:net').createServer().listen(process.argv[1], () => console.log('up'))", endpoint], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => holder.stdout.once('data', resolve));
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  holder.kill('SIGKILL');
  await exited;
  assert.ok(statSync(endpoint).isSocket());
}

/** A process standing for one VS Code window that tries to host the hub (hub-takeover-child.ts). */
function hubWindow(dir: string): { child: ChildProcess; output: () => string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/integration/proxy/hub-takeover-child.ts'), dir], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { child, output: () => text.split('\n').filter(Boolean) };
}

const validEvent = JSON.stringify({ type: 'event', event: { type: 'warning', sessionId: 'x', serverId: 'evil', time: 1, message: 'injected' } });

describe('hub', () => {
  it('keeps its socket, token and directory private', { skip: process.platform === 'win32' }, async () => {
    const dir = stateDir();
    const { hub } = await startHub(dir);
    assert.equal(statSync(hub.paths.dir).mode & 0o777, 0o700);
    assert.equal(statSync(hub.paths.tokenFile).mode & 0o777, 0o600);
    assert.equal(statSync(hub.endpoint).mode & 0o777, 0o600);
    assert.match(readFileSync(hub.paths.tokenFile, 'utf8'), /^[0-9a-f]{64}\n$/);
    await assert.rejects(HubServer.start({ stateDir: dir, onEvent: () => undefined }), HubBusyError);
  });

  it('a connection without the token gets nothing and changes nothing', async () => {
    const dir = stateDir();
    const { hub, events, connections } = await startHub(dir, 300);
    const token = readFileSync(hub.paths.tokenFile, 'utf8').trim();
    const wrong = token.replace(/^./, token[0] === 'a' ? 'b' : 'a');
    const hello = (t: string): string => `${JSON.stringify({ type: 'hello', protocol: 1, token: t, proxyPid: 1, serverId: 'evil', sessionId: 'x' })}\n`;

    const attempts = [
      await rawSession(hub.endpoint, [`${validEvent}\n`]), // events without a hello
      await rawSession(hub.endpoint, [hello(wrong), `${validEvent}\n`]), // a wrong token
      await rawSession(hub.endpoint, ['not json at all\n']),
      await rawSession(hub.endpoint, [`${'x'.repeat(2 * 1024 * 1024)}`]), // a huge unterminated line
      await rawSession(hub.endpoint, [], 1_000), // silence: dropped at the handshake timeout
    ];
    for (const [index, attempt] of attempts.entries()) {
      assert.equal(attempt.received.length, 0, `attempt ${index} received bytes`);
      assert.equal(attempt.closedByHub, true, `attempt ${index} was not dropped`);
    }
    assert.deepEqual(events, []);
    assert.deepEqual(connections, []);
    assert.equal(hub.connections, 0);
    assert.equal(hub.rejected, 5);

    // With the token, the same event is accepted; an invalid message afterwards drops the connection.
    const good = await rawSession(hub.endpoint, [hello(token), `${validEvent}\n`, '{"type":"event","event":{"type":"bogus"}}\n']);
    assert.match(good.received.toString(), /^\{"type":"welcome","protocol":1\}\n$/);
    assert.equal(good.closedByHub, true);
    assert.equal(events.length, 1);
  });

  it('a proxy streams its session to the hub', { timeout: 30_000 }, async () => {
    const dir = stateDir();
    const { events, connections } = await startHub(dir);
    const { client } = await connect(await proxied(SERVERS.fault, dir, [], 'fault-1'));
    clients.push(client);
    await client.listTools();
    await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    await client.close();
    await waitFor(() => events.some((e) => e.type === 'session-end'), 10_000, 'session-end at the hub');
    assert.equal(connections[0]?.hello.serverId, 'fault-1');
    const kinds = events.map((e) => (e.type === 'message' ? `${e.direction}:${e.kind}:${e.method}` : e.type));
    assert.equal(kinds[0], 'session-start');
    assert.ok(kinds.includes('client-to-server:request:initialize'));
    assert.ok(kinds.includes('server-to-client:response:tools/list'));
    assert.ok(kinds.includes('server-to-client:response:tools/call'));
  });

  it('traffic continues when the hub crashes, and the proxy reconnects to a restarted hub', { timeout: 30_000 }, async () => {
    const dir = stateDir();
    const first = await startHub(dir);
    const { client } = await connect(await proxied(SERVERS.fault, dir));
    clients.push(client);
    await client.callTool({ name: 'echo', arguments: { text: 'one' } });
    await waitFor(() => first.events.some((e) => e.type === 'message' && e.method === 'tools/call'), 5_000, 'events at the first hub');
    await first.hub.close();

    // No hub: calls still work, events go to the audit log only.
    for (let i = 0; i < 20; i++) await client.callTool({ name: 'echo', arguments: { text: `while down ${i}` } });

    const second = await startHub(dir); // a new token, too
    await waitFor(() => second.hub.connections === 1, 15_000, 'the proxy to reconnect');
    await client.callTool({ name: 'echo', arguments: { text: 'two' } });
    await waitFor(() => second.events.some((e) => e.type === 'message' && e.kind === 'response'), 5_000, 'events at the second hub');

    // The audit log is flushed in batches, so wait for the last pair's lines before counting.
    const echoLines = (): number => readFileSync(path.join(dir, 'audit', 'audit.jsonl'), 'utf8').match(/"subject":"echo"/g)?.length ?? 0;
    await waitFor(() => echoLines() >= 2 * 22, 5_000, 'every call and response in the audit log');
    assert.equal(echoLines(), 2 * 22);
  });

  it('when several windows take over a stale socket at once, one hosts the hub and the token file is its own', { skip: process.platform === 'win32', timeout: 180_000 }, async () => {
    for (let round = 0; round < 4; round++) {
      const dir = stateDir();
      await leaveStaleSocket(hubPaths(dir).endpoint);
      const windows = Array.from({ length: 5 }, () => hubWindow(dir));
      try {
        await waitFor(() => windows.every((w) => w.output().includes('ready')), 60_000, 'every window to load');
        for (const w of windows) w.child.stdin!.write('go\n');
        const outcome = (w: (typeof windows)[number]): string | undefined => w.output().find((line) => line !== 'ready' && line !== 'connected');
        await waitFor(() => windows.every((w) => outcome(w) !== undefined), 30_000, 'every window to start or give up');
        const outcomes = windows.map(outcome);
        assert.deepEqual([...outcomes].sort(), ['busy', 'busy', 'busy', 'busy', 'started'], `round ${round}: ${outcomes.join(', ')}`);

        // A proxy reads the token file and is accepted by the window that hosts the hub.
        const host = windows[outcomes.indexOf('started')]!;
        const proxy = new HubClient({ stateDir: dir, identity: { proxyPid: process.pid, serverId: 'race', sessionId: `round-${round}` }, initialBackoffMs: 20, maxBackoffMs: 100 });
        proxy.start();
        try {
          await waitFor(() => proxy.connects === 1 && host.output().includes('connected'), 10_000, `round ${round}: the proxy to authenticate with the host`);
        } finally {
          proxy.close();
        }
      } finally {
        await Promise.all(windows.map((w) => new Promise((resolve) => (w.child.exitCode !== null ? resolve(undefined) : (w.child.once('exit', resolve), w.child.stdin!.end())))));
      }
    }
  });

  it('HubClient drops events rather than waiting when no hub listens', async () => {
    const dir = stateDir();
    const hubClient = new HubClient({ stateDir: dir, identity: { proxyPid: 1, serverId: 'x', sessionId: 's' }, initialBackoffMs: 10 });
    hubClient.start();
    const started = performance.now();
    for (let i = 0; i < 2000; i++) hubClient.send({ type: 'warning', sessionId: 's', serverId: 'x', time: i, message: 'm' });
    assert.ok(performance.now() - started < 200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(hubClient.dropped, 2000);
    hubClient.close();
  });
});
