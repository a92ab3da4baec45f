// One config file can be read by several clients: a folder's .mcp.json by VS Code, Claude Code,
// Copilot CLI and Qwen Code. Protect rewrites the entry once; every one of them must be told what
// to do next, not only the client whose entry happened to be rewritten first.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { discover } from '../../../src/core/discovery.js';
import { nodeFileSystem } from '../../../src/core/fs/node-file-system.js';
import type { HostInfo } from '../../../src/core/model.js';
import { nextStepsFor } from '../../../src/core/protect/hints.js';
import { protectServers, unprotectServers } from '../../../src/core/protect/protect.js';
import { proxy, sandbox } from './helpers.js';

async function machine(files: Record<string, string>) {
  const { root, stateDir } = await sandbox();
  const host: HostInfo = { platform: 'linux', homedir: join(root, 'home'), env: {} };
  const folder = join(root, 'project');
  for (const [relative, text] of Object.entries(files)) {
    await mkdir(join(folder, relative, '..'), { recursive: true });
    await writeFile(join(folder, relative), text);
  }
  const { sources } = await discover({ host, fs: nodeFileSystem, folders: [folder], includeUserConfigs: false });
  return { stateDir, folder, sources, servers: sources.flatMap((source) => source.servers) };
}

const ENTRY = '{ "command": "node", "args": ["server.js"] }';

test('protect and unprotect of a shared .mcp.json name the next step of every client that reads the entry', async () => {
  const { stateDir, folder, sources, servers } = await machine({ '.mcp.json': `{ "mcpServers": { "tools": ${ENTRY} } }\n` });
  const file = join(folder, '.mcp.json');
  assert.deepEqual(servers.map((server) => server.client), ['vscode', 'claude-code', 'copilot-cli', 'qwen-code']);

  const report = await protectServers(servers, { stateDir, sources, proxy });
  const outcome = report.files.find((candidate) => candidate.file === file);
  assert.ok(outcome);
  assert.equal(outcome.status, 'written');
  // The report itself marks only the first adapter's entry as changed…
  assert.deepEqual(outcome.nextSteps.map((step) => step.client), ['vscode']);
  // …and the next steps cover every client reading it, Qwen's re-approval included.
  const steps = nextStepsFor(outcome, sources);
  assert.deepEqual(steps.map((step) => step.client), ['vscode', 'claude-code', 'copilot-cli', 'qwen-code']);
  assert.match(steps.find((step) => step.client === 'qwen-code')?.step.message ?? '', /qwen mcp approve/);

  const again = await protectServers(servers, { stateDir, sources, proxy });
  assert.deepEqual(nextStepsFor(again.files[0]!, sources), [], 'nothing changed the second time, so nothing is asked of the user');

  const undone = await unprotectServers(servers, { stateDir, sources });
  assert.deepEqual(nextStepsFor(undone.files[0]!, sources).map((step) => step.client), ['vscode', 'claude-code', 'copilot-cli', 'qwen-code']);
});

test('a client that reads the same file but another entry is not named', async () => {
  // VS Code reads "servers" when a .mcp.json has it; the others read "mcpServers".
  const { stateDir, sources, servers } = await machine({ '.mcp.json': `{ "servers": { "editor-only": ${ENTRY} }, "mcpServers": { "agents": ${ENTRY} } }\n` });
  const vscodeOnly = servers.filter((server) => server.client === 'vscode');
  assert.deepEqual(vscodeOnly.map((server) => server.name), ['editor-only']);
  const report = await protectServers(vscodeOnly, { stateDir, sources, proxy });
  assert.deepEqual(nextStepsFor(report.files[0]!, sources).map((step) => step.client), ['vscode']);
});

test('a dry run asks nothing of any client', async () => {
  const { stateDir, sources, servers } = await machine({ '.mcp.json': `{ "mcpServers": { "tools": ${ENTRY} } }\n` });
  const report = await protectServers(servers, { stateDir, sources, proxy, dryRun: true });
  assert.equal(report.files[0]?.status, 'dry-run');
  assert.deepEqual(nextStepsFor(report.files[0]!, sources), []);
});
