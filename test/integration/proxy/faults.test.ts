// The fault suite: a misbehaving server or client never makes the proxy hang, lose messages,
// leave processes behind or hide what happened.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { connect, isAlive, proxied, run, SERVERS, tempDir, waitFor, type Launch } from './helpers.js';

const dirs: string[] = [];
const clients: Client[] = [];
const pids: number[] = [];

function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

after(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function text(result: unknown): string {
  const content = (result as { content: { type: string; text?: string }[] }).content;
  return content.map((c) => c.text ?? '').join('');
}

function auditLines(stateDir: string): Record<string, unknown>[] {
  return readFileSync(path.join(stateDir, 'audit', 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const node = (code: string): Launch => ({ command: process.execPath, args: ['-e', code] });

describe('proxy fault suite', () => {
  it('server crash mid-response: the client is told, the proxy exits with the server’s code', { timeout: 30_000 }, async () => {
    const stateDir = dir();
    const { client } = await connect(await proxied(SERVERS.fault, stateDir));
    clients.push(client);
    const closed = new Promise<void>((resolve) => (client.onclose = () => resolve()));
    await assert.rejects(client.callTool({ name: 'crash', arguments: {} }));
    await closed;
    await waitFor(() => auditLines(stateDir).some((r) => r.type === 'session-end'), 5_000, 'session-end in the audit log');
    const end = auditLines(stateDir).find((r) => r.type === 'session-end');
    assert.equal(end?.exitCode, 3);

    // Raw: the half-written response is relayed as-is, and the exit code is the server's.
    const proc = run(await proxied(SERVERS.fault, dir()));
    proc.child.stdin!.write('{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}\n');
    await waitFor(() => Buffer.concat(proc.stdout).includes('"id":0}\n'), 10_000, 'initialize');
    proc.child.stdin!.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    proc.child.stdin!.write('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"crash","arguments":{}}}\n');
    const { code } = await proc.exited;
    assert.equal(code, 3);
    assert.ok(Buffer.concat(proc.stdout).toString().endsWith('{"jsonrpc":"2.0","id":'));
  });

  it('client disconnect: the server and what it started are gone', { timeout: 30_000 }, async () => {
    const { client } = await connect(await proxied(SERVERS.fault, dir(), ['--grace-ms', '300']));
    const serverPid = Number(text(await client.callTool({ name: 'pid', arguments: {} })));
    const grandchildPid = Number(text(await client.callTool({ name: 'spawn-child', arguments: {} })));
    pids.push(serverPid, grandchildPid);
    assert.ok(isAlive(serverPid) && isAlive(grandchildPid));
    await client.close();
    await waitFor(() => !isAlive(serverPid), 5_000, 'the server to exit');
    await waitFor(() => !isAlive(grandchildPid), 5_000, 'the grandchild to exit');
  });

  it('a server that ignores stdin EOF is terminated after the grace period', { timeout: 15_000 }, async () => {
    const proc = run(await proxied(node('process.stdin.resume(); process.stdin.on("end", () => {}); setInterval(() => {}, 1000)'), dir(), ['--grace-ms', '200']));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    proc.child.stdin!.end();
    const { code } = await proc.exited;
    assert.equal(code, 128 + 15);
    assert.ok(Date.now() - started < 3_000);
  });

  it('a signal during the grace period stops the server at once', { timeout: 15_000 }, async () => {
    const stateDir = dir();
    const proc = run(await proxied(node('process.stdin.resume(); process.stdin.on("end", () => {}); setInterval(() => {}, 1000)'), stateDir, ['--grace-ms', '10000']));
    await waitFor(() => existsSync(path.join(stateDir, 'audit', 'audit.jsonl')), 5_000, 'session-start');
    proc.child.stdin!.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    proc.child.kill('SIGTERM');
    assert.equal((await proc.exited).code, 128 + 15);
    assert.ok(Date.now() - started < 3_000, 'waited for the grace period');
  });

  it('SIGTERM to the proxy takes the server down; signal deaths become 128+n', { timeout: 15_000 }, async () => {
    const stateDir = dir();
    const proc = run(await proxied(SERVERS.fault, stateDir));
    proc.child.stdin!.write('{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}\n');
    await waitFor(() => Buffer.concat(proc.stdout).includes('"id":0'), 10_000, 'initialize');
    const start = auditLines(stateDir).find((r) => r.type === 'session-start');
    const serverPid = start?.serverPid as number;
    pids.push(serverPid);
    proc.child.kill('SIGTERM');
    await proc.exited;
    await waitFor(() => !isAlive(serverPid), 3_000, 'the server to exit');

    // A server that ignores stdin EOF dies of the forwarded SIGTERM: 128 + 15.
    const stubbornDir = dir();
    const stubborn = run(await proxied(node('process.stdin.resume(); setInterval(() => {}, 1000)'), stubbornDir));
    await waitFor(() => existsSync(path.join(stubbornDir, 'audit', 'audit.jsonl')), 5_000, 'session-start');
    stubborn.child.kill('SIGTERM');
    assert.equal((await stubborn.exited).code, 128 + 15);

    const killed = run(await proxied(node('process.kill(process.pid, "SIGKILL")'), dir()));
    assert.equal((await killed.exited).code, 128 + 9);
    const exits = run(await proxied(node('process.exit(7)'), dir()));
    assert.equal((await exits.exited).code, 7);
  });

  it('a 50 MB response arrives whole, byte for byte as the server wrote it', { timeout: 120_000 }, async () => {
    // The SDK's own client caps a line at 10 MB (ReadBuffer), so this drives raw bytes.
    const requests = [
      '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}\n',
      '{"jsonrpc":"2.0","method":"notifications/initialized"}\n',
      `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"big","arguments":{"bytes":${50 * 1024 * 1024}}}}\n`,
    ];
    const collect = async (launch: Launch): Promise<Buffer> => {
      const proc = run(launch);
      for (const request of requests) proc.child.stdin!.write(request);
      let seen = 0;
      await waitFor(() => {
        const chunks = proc.stdout.length;
        for (; seen < chunks; seen++) if (proc.stdout[seen]!.includes('"}]}')) return true;
        return false;
      }, 100_000, 'the 50 MB response');
      proc.child.stdin!.end();
      await proc.exited;
      return Buffer.concat(proc.stdout);
    };
    const direct = await collect(SERVERS.fault);
    const through = await collect(await proxied(SERVERS.fault, dir()));
    assert.ok(direct.length > 50 * 1024 * 1024);
    assert.equal(through.length, direct.length);
    assert.ok(through.equals(direct));
  });

  it('1,000 interleaved concurrent requests each get their own answer', { timeout: 60_000 }, async () => {
    const stateDir = dir();
    const { client } = await connect(await proxied(SERVERS.fault, stateDir));
    clients.push(client);
    const calls = Array.from({ length: 1000 }, (_, i) =>
      i % 10 === 0
        ? client.callTool({ name: 'sleep', arguments: { ms: (i * 7) % 50 } }).then((r) => [i, text(r), `slept ${(i * 7) % 50}`])
        : client.callTool({ name: 'echo', arguments: { text: `message ${i} ✓` } }).then((r) => [i, text(r), `message ${i} ✓`]),
    );
    for (const [i, actual, expected] of await Promise.all(calls)) assert.equal(actual, expected, `request ${i}`);
    await client.close();
    await waitFor(() => auditLines(stateDir).some((r) => r.type === 'session-end'), 5_000, 'session-end');
    const responses = auditLines(stateDir).filter((r) => r.type === 'message' && r.kind === 'response' && r.method === 'tools/call');
    assert.equal(responses.length, 1000);
    assert.ok(responses.every((r) => typeof r.latencyMs === 'number'));
  });

  it('garbage on stdout is relayed, reported, and does not break the session', { timeout: 30_000 }, async () => {
    const stateDir = dir();
    const fault = { command: SERVERS.fault.command, args: [...SERVERS.fault.args, '--banner'] };
    const { client } = await connect(await proxied(fault, stateDir));
    clients.push(client);
    assert.equal(text(await client.callTool({ name: 'garbage', arguments: {} })), 'after garbage');
    assert.equal(text(await client.callTool({ name: 'echo', arguments: { text: 'ok' } })), 'ok');
    await client.close();
    await waitFor(() => auditLines(stateDir).some((r) => r.type === 'session-end'), 5_000, 'session-end');
    const nonJson = auditLines(stateDir).filter((r) => r.kind === 'non-json');
    assert.equal(nonJson.length, 2);
  });

  it('a server that fails to start: a clear error on stderr and a non-zero exit', { timeout: 15_000 }, async () => {
    const started = Date.now();
    const proc = run(await proxied({ command: 'definitely-not-a-command-xyz', args: ['--flag'] }, dir(), [], 'my-server'));
    proc.child.stdin!.end();
    const { code } = await proc.exited;
    assert.equal(code, 127);
    assert.match(Buffer.concat(proc.stderr).toString(), /warden-proxy: cannot start server "my-server": command not found: definitely-not-a-command-xyz/);
    assert.ok(Date.now() - started < 5_000);

    const usage = run({ command: process.execPath, args: [(await proxied(SERVERS.fault, dir())).args[0]!, '--server', 'x'] });
    assert.equal((await usage.exited).code, 2);
    assert.match(Buffer.concat(usage.stderr).toString(), /usage: warden-proxy/);
  });

  it('the server’s stderr passes through', { timeout: 15_000 }, async () => {
    const proc = run(await proxied(node('process.stderr.write("diagnostic line\\n")'), dir()));
    proc.child.stdin!.end();
    await proc.exited;
    assert.equal(Buffer.concat(proc.stderr).toString(), 'diagnostic line\n');
  });
});
