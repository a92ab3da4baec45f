// `mcp-warden audit` on a real audit log: the real proxy bundle in front of the real memory server
// from npm, driven by the SDK's real Client; then the CLI (from source, as its bundle runs it)
// reads the log back: table, JSON lines, filters, rotated files in order, damaged lines, --follow.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, proxied, ROOT, SERVERS, tempDir, waitFor } from './proxy/helpers.js';

const CLI = path.join(ROOT, 'src/cli/main.ts');
let stateDir: string;
const SERVER_ID = 'vscode:workspace:memory';

function auditFile(): string {
  return path.join(stateDir, 'audit', 'audit.jsonl');
}

async function runSession(serverId = SERVER_ID): Promise<void> {
  const { client } = await connect(await proxied(SERVERS.memory, stateDir, [], serverId));
  await client.listTools();
  await client.callTool({ name: 'read_graph', arguments: {} });
  await client.close();
}

async function waitForSessionEnds(count: number): Promise<void> {
  const ends = (): number => [path.join(stateDir, 'audit', 'audit.1.jsonl'), auditFile()].filter(existsSync).reduce((n, file) => n + (readFileSync(file, 'utf8').match(/"type":"session-end"/g)?.length ?? 0), 0);
  await waitFor(() => ends() >= count, 10_000, `${count} session-end record(s) in the audit log`);
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'audit', ...args], { env: { ...process.env, MCP_WARDEN_HOME: stateDir }, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text.trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

before(async () => {
  stateDir = tempDir('warden-audit-cli-');
  await runSession();
  await waitForSessionEnds(1);
  // What AuditLog.rotate does when the file is full: the live file becomes audit.1.jsonl.
  renameSync(auditFile(), path.join(stateDir, 'audit', 'audit.1.jsonl'));
  await runSession('claude-desktop:user:other');
  await waitForSessionEnds(2);
});

after(() => rmSync(stateDir, { recursive: true, force: true }));

describe('mcp-warden audit', () => {
  it('prints every event of both files as JSON lines, the rotated file first', async () => {
    const { code, stdout, stderr } = await cli(['--json']);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const events = jsonLines(stdout);
    const starts = events.filter((e) => e.type === 'session-start');
    assert.deepEqual(starts.map((e) => e.serverId), [SERVER_ID, 'claude-desktop:user:other']);
    const first = events.filter((e) => e.serverId === SERVER_ID);
    assert.equal(first[0]?.type, 'session-start');
    assert.equal(first.at(-1)?.type, 'session-end');
    const methods = first.filter((e) => e.type === 'message').map((e) => e.method);
    for (const method of ['initialize', 'notifications/initialized', 'tools/list', 'tools/call']) assert.ok(methods.includes(method), `${method} missing from ${methods.join(', ')}`);
    const response = first.find((e) => e.type === 'message' && e.kind === 'response' && e.subject === 'read_graph');
    assert.equal(typeof response?.latencyMs, 'number');
    assert.ok(events.every((e, i) => i === 0 || (e.time as number) >= (events[i - 1]!.time as number) - 1000), 'events come in written order');
  });

  it('prints a readable table and filters by server', async () => {
    const { code, stdout } = await cli(['--server', SERVER_ID]);
    assert.equal(code, 0);
    assert.match(stdout, /START {3}/);
    assert.match(stdout, /MSG {5}#\d+ → request initialize id=0/);
    assert.match(stdout, /← response tools\/call \(read_graph\) id=\d+ \d+ B [\d.]+ ms/);
    assert.match(stdout, /END {5}exit 0, client-closed/);
    assert.ok(!stdout.includes('claude-desktop:user:other'));
  });

  it('filters by --since, as a duration or an ISO time', async () => {
    assert.ok(jsonLines((await cli(['--json', '--since', '1h'])).stdout).length > 10);
    assert.equal((await cli(['--json', '--since', new Date(Date.now() + 3_600_000).toISOString()])).stdout, '');
    const bad = await cli(['--since', 'last tuesday']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since/);
  });

  it('skips damaged lines, reports how many and the first, and still prints the rest', async () => {
    const before = jsonLines((await cli(['--json'])).stdout).length;
    const lines = readFileSync(auditFile(), 'utf8').split('\n').length - 1;
    appendFileSync(auditFile(), 'this is not json\n{"ts":"2026-01-01T00:00:00Z","type":"message"}\n');
    const { code, stdout, stderr } = await cli(['--json']);
    assert.equal(code, 0);
    assert.equal(jsonLines(stdout).length, before);
    assert.match(stderr, new RegExp(`skipped 2 damaged lines \\(first: .*audit\\.jsonl:${lines + 1}\\)`));
  });

  it('--follow prints sessions as they happen and stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'audit', '--follow', '--json', '--server', 'follow-me'], { env: { ...process.env, MCP_WARDEN_HOME: stateDir }, cwd: ROOT });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // Let the CLI read the log and start following.
    await runSession('follow-me');
    await waitFor(() => stdout.includes('"session-end"'), 10_000, 'the followed session to end');
    child.kill('SIGINT');
    assert.equal(await closed, 0);
    const methods = jsonLines(stdout).map((e) => e.method);
    assert.ok(methods.includes('initialize') && methods.includes('tools/list'), stdout);
  });
});
