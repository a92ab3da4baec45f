// `mcp-warden protect` / `unprotect` as a user runs them: the built CLI against a fake home with a
// Cursor and a Codex config and a workspace .vscode/mcp.json; the protected config is then used,
// exactly as written, by the MCP SDK's own client to reach a real server through the proxy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bundledProxy = path.join(root, 'dist', 'warden-proxy.cjs');
const faultServer = path.join(root, 'test', 'fixtures', 'servers', 'fault-server.mjs');
const cli = path.join(root, 'dist', 'cli.cjs');
let home: string;
let workspace: string;
let files: string[];
let originals: Map<string, Buffer>;

before(async () => {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const sandbox = await mkdtemp(path.join(tmpdir(), 'warden-protect-cli-'));
  home = path.join(sandbox, 'home');
  workspace = path.join(sandbox, 'workspace');
  await cp(path.join(root, 'test', 'fixtures', 'cli', 'home'), home, { recursive: true });
  await cp(path.join(root, 'test', 'fixtures', 'cli', 'workspace'), workspace, { recursive: true });
  // A real server the SDK client can reach once it is protected.
  const cursor = path.join(home, '.cursor', 'mcp.json');
  await writeFile(cursor, (await readFile(cursor, 'utf8')).replace('"remote-docs"', `"faults": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(faultServer)}] },\n    "remote-docs"`));
  files = [cursor, path.join(home, '.codex', 'config.toml'), path.join(workspace, '.vscode', 'mcp.json')];
  originals = new Map();
  for (const file of files) originals.set(file, await readFile(file));
});

function env(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), MCP_WARDEN_HOME: path.join(home, '.mcp-warden') };
}

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: workspace, encoding: 'utf8', env: env() });
}

async function current(): Promise<Buffer[]> {
  return Promise.all(files.map((file) => readFile(file)));
}

test('protect --dry-run prints a unified diff per file and writes nothing', async () => {
  const result = run(['protect', '--all', '--dry-run']);
  assert.equal(result.status, 0, result.stderr + result.stdout);
  for (const file of files) assert.match(result.stdout, new RegExp(`--- a${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.match(result.stdout, /^-command = "uvx"$/m);
  assert.match(result.stdout, /^\+command = "node"$/m);
  assert.deepEqual(await current(), [...originals.values()]);
  await assert.rejects(stat(path.join(home, '.mcp-warden', 'bin', 'warden-proxy.cjs')), 'a dry run installs nothing');
});

test('protect --all rewrites every stdio server, installs the proxy, skips remote ones, and is idempotent', async () => {
  const result = run(['protect', '--all', '--node', process.execPath]);
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /remote-docs \(cursor\): not protectable yet \(remote\)/);
  assert.match(result.stdout, /✓ fetch \(codex\): protected/);
  assert.match(result.stdout, /To undo: mcp-warden unprotect/);
  assert.match(result.stdout, /Next:\n/);
  assert.match(result.stdout, /VS Code: .*Start Server.*trust those again/);
  const installed = path.join(home, '.mcp-warden', 'bin', 'warden-proxy.cjs');
  assert.deepEqual(await readFile(installed), await readFile(bundledProxy));
  const after = await current();
  after.forEach((bytes, index) => assert.notDeepEqual(bytes, originals.get(files[index]!)));
  const toml = after[1]!.toString('utf8');
  assert.match(toml, new RegExp(`^args = \\["${installed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", "--server", "codex:user:[^"]+:fetch", "--", "uvx", "mcp-server-fetch"\\]$`, 'm'));
  assert.match(after[2]!.toString('utf8'), /\/\/ Servers for this repository/, 'comments survive');

  const again = run(['protect', '--all']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /already protected/);
  assert.deepEqual(await current(), after);
});

test('the SDK client reaches the server through the proxy using exactly the command and args in the config', async () => {
  const config = JSON.parse(await readFile(files[0]!, 'utf8')) as { mcpServers: Record<string, { command: string; args: string[] }> };
  const entry = config.mcpServers['faults']!;
  assert.equal(path.basename(entry.args[0]!), 'warden-proxy.cjs');
  const transport = new StdioClientTransport({ command: entry.command, args: entry.args, env: env(), stderr: 'pipe' });
  const client = new Client({ name: 'protect-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    const tools = await client.listTools();
    assert.ok(tools.tools.some((tool) => tool.name === 'echo'));
    const echoed = await client.callTool({ name: 'echo', arguments: { text: 'through the proxy' } });
    assert.deepEqual(echoed.content, [{ type: 'text', text: 'through the proxy' }]);
  } finally {
    await client.close();
  }
});

test('unprotect --all gives every file back byte for byte, and again is a no-op', async () => {
  const result = run(['unprotect', '--all']);
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /unprotected: the original text is back/);
  assert.deepEqual(await current(), [...originals.values()]);
  const again = run(['unprotect', '--all']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /Nothing to do/);
  assert.deepEqual(await current(), [...originals.values()]);
});

test('usage errors name the problem', () => {
  const none = run(['protect']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /name at least one server/);
  const unknown = run(['protect', 'no-such-server']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no configured server is named "no-such-server"/);
  const badClient = run(['protect', '--client', 'nope']);
  assert.equal(badClient.status, 2);
  assert.match(badClient.stderr, /--client: expected one of/);
});

test('protect --policy records the organisation policy the proxies read; unprotect gives the file back', async () => {
  const policy = path.join(home, 'org-policy.json');
  await writeFile(policy, JSON.stringify({ detection: { definitions: { high: 'block', medium: 'block' } } }));
  const missing = run(['protect', 'faults', '--policy', path.join(home, 'no-such-policy.json')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--policy: no such file: .*no-such-policy\.json/);
  assert.deepEqual(await current(), [...originals.values()], 'a bad --policy changes no config');
  const result = run(['protect', 'faults', '--policy', policy]);
  assert.equal(result.status, 0, result.stderr + result.stdout);
  const settings = JSON.parse(await readFile(path.join(home, '.mcp-warden', 'settings.json'), 'utf8')) as { policyFile?: string };
  assert.equal(settings.policyFile, policy);
  const misplaced = run(['unprotect', 'faults', '--policy', policy]);
  assert.equal(misplaced.status, 2);
  assert.match(misplaced.stderr, /--policy are options of protect/);
  assert.equal(run(['unprotect', 'faults']).status, 0);
  assert.deepEqual(await current(), [...originals.values()]);
});
