// The mcp-warden command as a user runs it: the built bundle, a fake home holding other
// clients' configs, a workspace, and the exit codes and reports CI depends on.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.cjs');
let home: string;
let workspace: string;

before(async () => {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const sandbox = await mkdtemp(path.join(tmpdir(), 'warden-cli-'));
  home = path.join(sandbox, 'home');
  workspace = path.join(sandbox, 'workspace');
  await cp(path.join(root, 'test', 'fixtures', 'cli', 'home'), home, { recursive: true });
  await cp(path.join(root, 'test', 'fixtures', 'cli', 'workspace'), workspace, { recursive: true });
});

function run(args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, ...args], {
    cwd: workspace,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), MCP_WARDEN_HOME: path.join(home, '.mcp-warden'), ...extraEnv },
  });
}

test('scan prints every client’s servers with status and findings on file:line', () => {
  const result = run(['scan', '--no-color']);
  assert.equal(result.status, 0, result.stderr);
  const out = result.stdout;
  assert.match(out, /Cursor · user · .*\.cursor\/mcp\.json/);
  assert.match(out, /Codex · user · .*\.codex\/config\.toml/);
  assert.match(out, /VS Code · workspace · .*\.vscode\/mcp\.json/);
  assert.match(out, /helper\s+stdio\s+bash -c .*shadow/);
  assert.match(out, /unpinned-package/);
  assert.match(out, new RegExp(`${workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.vscode/mcp\\.json:12:30`));
  assert.doesNotMatch(out, /ghp_0123456789abcdefABCDEF0123456789abcd/, 'the secret must be shown redacted');
});

test('--fail-on decides the exit code', () => {
  assert.equal(run(['scan', '--fail-on', 'error', '--no-color']).status, 1);
  assert.equal(run(['scan', '--fail-on', 'none']).status, 0);
  const quiet = run(['scan', '--no-user', '--rule', 'shell-in-args=off', '--rule', 'inline-secret=off', '--rule', 'unpinned-package=off', '--rule', 'shadow-server=off', '--fail-on', 'info']);
  assert.equal(quiet.status, 0, quiet.stdout);
});

test('JSON lists servers with status and every finding with a line', () => {
  const result = run(['scan', '--format', 'json']);
  const report = JSON.parse(result.stdout);
  const names = report.servers.map((server: { name: string }) => server.name).sort();
  assert.deepEqual(names, ['fetch', 'github', 'github', 'helper', 'memory', 'remote-docs']);
  assert.ok(report.servers.every((server: { status: string }) => server.status === 'shadow'));
  const insecure = report.findings.find((finding: { ruleId: string }) => finding.ruleId === 'insecure-http');
  assert.equal(insecure?.line, 8);
});

test('SARIF 2.1.0 gives repository-relative locations with 1-based lines and rules with help links', async () => {
  const output = path.join(workspace, 'warden.sarif');
  const result = run(['scan', '--no-user', '--format', 'sarif', '--output', output]);
  assert.equal(result.status, 0, result.stderr);
  const sarif = JSON.parse(await readFile(output, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  const ruleIds = new Set(run0.tool.driver.rules.map((rule: { id: string }) => rule.id));
  for (const result of run0.results) assert.ok(ruleIds.has(result.ruleId), `rule ${result.ruleId} is not declared`);
  const secret = run0.results.find((result: { ruleId: string }) => result.ruleId === 'inline-secret');
  assert.deepEqual(secret.locations[0].physicalLocation.artifactLocation, { uri: '.vscode/mcp.json', uriBaseId: 'SRCROOT' });
  assert.equal(secret.locations[0].physicalLocation.region.startLine, 12);
  assert.ok(run0.tool.driver.rules.every((rule: { helpUri?: string }) => rule.helpUri?.startsWith('https://')));
});

test('approve moves a server out of shadow, and an edit of its command brings it back', async () => {
  const approve = run(['approve', 'memory']);
  assert.equal(approve.status, 0, approve.stderr);
  assert.match(approve.stdout, /Approved memory/);
  const after = JSON.parse(run(['scan', '--format', 'json']).stdout);
  assert.equal(after.servers.find((server: { name: string }) => server.name === 'memory').status, 'approved');
  const revoke = run(['revoke', 'memory']);
  assert.equal(revoke.status, 0, revoke.stderr);
  const again = JSON.parse(run(['scan', '--format', 'json']).stdout);
  assert.equal(again.servers.find((server: { name: string }) => server.name === 'memory').status, 'shadow');
});

test('bad command lines are usage errors with exit 2 naming the option', () => {
  const badFormat = run(['scan', '--format', 'xml']);
  assert.equal(badFormat.status, 2);
  assert.match(badFormat.stderr, /--format/);
  const unknown = run(['scna']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "scna"/);
  const missing = run(['approve', 'no-such-server']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no configured server is named "no-such-server"/);
});

test('a damaged policy file is a finding with its position, and the scan still runs', async () => {
  const policy = path.join(workspace, 'policy.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(policy, '{\n  "version": 2\n}\n'));
  const result = run(['scan', '--no-user', '--policy', policy, '--format', 'json']);
  const report = JSON.parse(result.stdout);
  const problem = report.findings.find((finding: { ruleId: string }) => finding.ruleId === 'policy-invalid');
  assert.equal(problem?.line, 2);
  assert.ok(report.servers.length >= 2);
});

test('a machine with no MCP config says where it looked instead of printing nothing', async () => {
  const empty = await mkdtemp(path.join(tmpdir(), 'warden-empty-'));
  const result = spawnSync(process.execPath, [cli, 'scan', '--no-color'], { cwd: empty, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: empty, MCP_WARDEN_HOME: path.join(empty, '.mcp-warden') } });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /0 servers in 0 config files/);
  assert.match(result.stdout, /No MCP server is configured here: looked in \d+ places where 16 clients keep their MCP configs\./);
});

/** Runs the CLI with its stdout on a real pipe whose reading end closes after `keep` bytes (0: before any output). */
function runIntoClosedPipe(args: string[], keep: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; read: number }> {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), MCP_WARDEN_HOME: path.join(home, '.mcp-warden') },
  });
  let stderr = '';
  let read = 0;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (keep === 0) child.stdout.destroy();
  else
    child.stdout.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read >= keep) child.stdout.destroy();
    });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr, read })));
}

test('a reader that stops early (scan | head -1) ends the CLI quietly with status 0', async () => {
  for (const args of [['scan', '--no-color'], ['scan', '--format', 'sarif'], ['protect', '--all', '--dry-run'], ['rules']]) {
    const result = await runIntoClosedPipe(args, 0);
    assert.deepEqual({ code: result.code, signal: result.signal, stderr: result.stderr }, { code: 0, signal: null, stderr: '' }, args.join(' '));
  }
  const afterFirstLine = await runIntoClosedPipe(['protect', '--all', '--dry-run'], 1);
  assert.ok(afterFirstLine.read > 0, 'the reader got the start of the output');
  assert.equal(afterFirstLine.code, 0, afterFirstLine.stderr);
  assert.doesNotMatch(afterFirstLine.stderr, /EPIPE|Unhandled/);
});

test('rules lists the injection detectors and connect-failed with their documentation', () => {
  const result = run(['rules']);
  assert.equal(result.status, 0, result.stderr);
  for (const id of ['hidden-tag-characters', 'instruction-override', 'cross-server-reference', 'argument-secret']) {
    assert.match(result.stdout, new RegExp(`^${id} +(error|warning|info) +\\S.*\\n +https://\\S+/docs/detectors\\.md#rules$`, 'm'), id);
  }
  assert.match(result.stdout, /^connect-failed +warning +.+\n +https:\/\/\S+\/docs\/rules\/connect-failed\.md$/m);
});

test('SARIF of scan --connect declares each reported rule exactly once, with a help link', async () => {
  const sandbox = await mkdtemp(path.join(tmpdir(), 'warden-cli-connect-'));
  const folder = path.join(sandbox, 'workspace');
  await mkdir(path.join(folder, '.vscode'), { recursive: true });
  const servers = {
    poisoned: { command: process.execPath, args: [path.join(root, 'test', 'fixtures', 'servers', 'poisoned-server.mjs')] },
    broken: { command: process.execPath, args: ['-e', 'process.exit(3)'] },
  };
  await writeFile(path.join(folder, '.vscode', 'mcp.json'), JSON.stringify({ servers }, null, 2));
  const result = spawnSync(process.execPath, [cli, 'scan', '--no-user', '--connect', '--yes', '--connect-timeout', '20', '--format', 'sarif'], {
    cwd: folder,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: sandbox, MCP_WARDEN_HOME: path.join(sandbox, '.mcp-warden') },
  });
  assert.equal(result.status, 0, result.stderr);
  const run0 = JSON.parse(result.stdout).runs[0];
  const declared: Array<{ id: string; helpUri?: string }> = run0.tool.driver.rules;
  const reported = new Set<string>(run0.results.map((entry: { ruleId: string }) => entry.ruleId));
  assert.ok(reported.has('hidden-tag-characters') && reported.has('connect-failed'), [...reported].join(', '));
  for (const id of reported) {
    const declarations = declared.filter((rule) => rule.id === id);
    assert.equal(declarations.length, 1, `${id} is declared ${declarations.length} times`);
    assert.match(declarations[0]!.helpUri ?? '', id === 'connect-failed' ? /\/docs\/rules\/connect-failed\.md$/ : /\/docs\/(detectors\.md#rules|rules\/[a-z-]+\.md)$/, id);
  }
});
