// A protected server is still the same server to the inventory: its approval, rules and
// policy follow the original command behind the proxy, and removing the rewrite is flagged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.cjs');
let home: string;
let workspace: string;
const original = '{\n  "servers": {\n    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }\n  }\n}\n';

before(async () => {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const sandbox = await mkdtemp(path.join(tmpdir(), 'warden-protected-'));
  home = path.join(sandbox, 'home');
  workspace = path.join(sandbox, 'workspace');
  await mkdir(path.join(workspace, '.vscode'), { recursive: true });
  await mkdir(home, { recursive: true });
  await writeFile(path.join(workspace, '.vscode', 'mcp.json'), original);
});

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {
    cwd: workspace,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home, MCP_WARDEN_HOME: path.join(home, '.mcp-warden') },
  });
}

function memory() {
  const report = JSON.parse(run(['scan', '--no-user', '--format', 'json']).stdout);
  return { server: report.servers.find((server: { name: string }) => server.name === 'memory'), findings: report.findings };
}

test('approval, rules and status follow the original command through protect, and a removed rewrite is flagged', async () => {
  assert.equal(run(['approve', 'memory']).status, 0);
  const protect = run(['protect', 'memory']);
  assert.equal(protect.status, 0, protect.stdout + protect.stderr);
  const config = await readFile(path.join(workspace, '.vscode', 'mcp.json'), 'utf8');
  assert.match(config, /warden-proxy\.cjs/);

  const protectedState = memory();
  assert.equal(protectedState.server.status, 'approved', 'protecting must not turn an approved server into a shadow one');
  assert.match(protectedState.server.launch, /^npx -y @modelcontextprotocol\/server-memory$/);
  assert.ok(protectedState.findings.some((finding: { ruleId: string }) => finding.ruleId === 'unpinned-package'), 'rules still see the real package');

  await writeFile(path.join(workspace, '.vscode', 'mcp.json'), original);
  const removed = memory();
  assert.ok(removed.findings.some((finding: { ruleId: string; line: number }) => finding.ruleId === 'protection-removed' && finding.line === 3));

  assert.equal(run(['unprotect', 'memory']).status, 0);
  assert.equal(memory().findings.some((finding: { ruleId: string }) => finding.ruleId === 'protection-removed'), false);
  assert.equal(await readFile(path.join(workspace, '.vscode', 'mcp.json'), 'utf8'), original);
});
