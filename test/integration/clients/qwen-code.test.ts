// Qwen Code's own program (@qwen-code/qwen-code from npm) against configs protected by Warden.
// Qwen starts a folder's servers (.qwen/settings.json, .mcp.json) only once approved, and binds
// the approval to a hash of the entry: after protect the server is "Pending approval" (and Warden
// says so), after `qwen mcp approve` it connects through the proxy, and `qwen -p` (against a
// loopback OpenAI-compatible endpoint) lists its tools through it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { auditSummary, buildWarden, CLIENTS_DIR, describeRun, ensureClients, printed, protectAll, readAudit, relayedMethods, runProgram, sandbox, unprotectAll, warden, writeConfig, type Sandbox } from './helpers.js';
import { startModelEndpoint, type ModelEndpoint } from './model-endpoint.js';

const QWEN = path.join(CLIENTS_DIR, 'qwen', 'node_modules', '@qwen-code', 'qwen-code', 'cli-entry.js');
let node: string;
let model: ModelEndpoint;

before(async () => {
  ({ node } = ensureClients());
  buildWarden();
  model = await startModelEndpoint();
});

after(async () => {
  await model?.close();
});

function qwen(box: Sandbox, args: string[]) {
  return runProgram(node, [QWEN, ...args], {
    cwd: box.project,
    timeoutMs: 90_000,
    env: { ...box.env, OPENAI_API_KEY: 'offline-dummy-key', OPENAI_BASE_URL: model.url, OPENAI_MODEL: 'warden-test-model' },
  });
}

async function list(box: Sandbox): Promise<string> {
  const run = await qwen(box, ['mcp', 'list']);
  assert.equal(run.timedOut, false, describeRun(run));
  // Qwen colours its status marks even with NO_COLOR.
  return stripVTControlCharacters(printed(run));
}

async function approve(box: Sandbox, name: string): Promise<void> {
  const run = await qwen(box, ['mcp', 'approve', name]);
  assert.match(printed(run), new RegExp(`Approved MCP server "${name}"`), describeRun(run));
}

const PROXIED = /faults: node \S+warden-proxy\.cjs --server qwen-code:workspace:\S+ -- node \S+fault-server\.mjs \(stdio\)/;
const REAPPROVE = /Qwen Code: .*"Pending approval".*qwen mcp approve NAME/;

test('a project .qwen/settings.json server: approved, then pending after protect (Warden says so), then approved again and connected through the proxy', { timeout: 300_000 }, async () => {
  const box = sandbox('qwen-project');
  writeConfig('qwen-user-settings.json', path.join(box.home, '.qwen', 'settings.json'));
  const file = path.join(box.project, '.qwen', 'settings.json');
  const original = writeConfig('qwen-project-settings.json', file);

  // Before Warden: Qwen holds the folder's server until the user approves it; then it connects directly.
  assert.match(await list(box), /faults: node \S+fault-server\.mjs \(stdio\) - Pending approval/);
  await approve(box, 'faults');
  assert.match(await list(box), /✓ faults: node \S+fault-server\.mjs \(stdio\) - Connected/);

  const report = protectAll(box, file);
  assert.match(report, /✓ faults \(qwen-code\): protected/);
  assert.match(report, REAPPROVE, `Warden tells the user Qwen Code needs the server approved again:\n${report}`);

  // The rewrite changed the entry's hash: Qwen does not start it until it is approved again.
  const pending = await list(box);
  assert.match(pending, new RegExp(`${PROXIED.source} - Pending approval`), pending);
  assert.deepEqual(relayedMethods(box), [], `a pending server is not started:\n${auditSummary(box)}`);

  await approve(box, 'faults');
  const connected = await list(box);
  assert.match(connected, new RegExp(`✓ ${PROXIED.source} - Connected`), connected);
  assert.ok(relayedMethods(box).includes('initialize'), `qwen mcp list connected through the proxy:\n${auditSummary(box)}`);
  assert.deepEqual([...new Set(readAudit(box).map((line) => line.serverId))], [`qwen-code:workspace:${file}:faults`]);

  const before = relayedMethods(box).length;
  const prompt = await qwen(box, ['-p', 'hi']);
  assert.equal(prompt.timedOut, false, describeRun(prompt));
  assert.match(printed(prompt), /Hello from the loopback model/, describeRun(prompt));
  const methods = relayedMethods(box).slice(before);
  assert.ok(methods.includes('initialize') && methods.includes('tools/list'), `qwen -p listed the tools through the proxy: ${methods.join(', ')}\n${describeRun(prompt)}`);
  assert.ok(readAudit(box).some((line) => line.direction === 'server-to-client' && line.method === 'tools/list' && line.kind === 'response'), 'the server answered tools/list through the proxy');
  // Qwen defers MCP tools: it names them in the prompt and loads their schemas on demand.
  assert.ok(model.mentions('mcp__faults__echo'), `the server's tools reached the model (offered: ${model.toolNames().join(', ')})`);

  // Unprotect changes the entry back, so its hash changes again: Warden says so once more.
  const restored = unprotectAll(box, file, original);
  assert.match(restored, REAPPROVE, restored);
  assert.match(await list(box), /faults: node \S+fault-server\.mjs \(stdio\) - Pending approval/);
});

test('a user ~/.qwen/settings.json server needs no approval and connects through the proxy after protect', { timeout: 300_000 }, async () => {
  const box = sandbox('qwen-user');
  const file = path.join(box.home, '.qwen', 'settings.json');
  const original = writeConfig('qwen-user-servers.json', file);

  const report = protectAll(box, file);
  assert.match(report, /✓ faults \(qwen-code\): protected/);
  const connected = await list(box);
  assert.match(connected, /✓ faults: node \S+warden-proxy\.cjs --server qwen-code:user:\S+ -- node \S+fault-server\.mjs \(stdio\) - Connected/, connected);
  assert.ok(relayedMethods(box).includes('initialize'), `qwen mcp list connected through the proxy:\n${auditSummary(box)}`);

  unprotectAll(box, file, original);
});

test('a root .mcp.json is read by VS Code, Claude Code, Copilot CLI and Qwen Code: protect names each one’s next step, and Qwen connects after approval', { timeout: 300_000 }, async () => {
  const box = sandbox('qwen-mcp-json');
  writeConfig('qwen-user-settings.json', path.join(box.home, '.qwen', 'settings.json'));
  const file = path.join(box.project, '.mcp.json');
  const original = writeConfig('claude-mcp.json', file);
  await approve(box, 'faults');

  const report = protectAll(box, file);
  for (const client of ['VS Code', 'Claude Code', 'GitHub Copilot CLI']) assert.match(report, new RegExp(`^  ${client}: `, 'm'), `the next step of ${client}:\n${report}`);
  assert.match(report, REAPPROVE, report);
  assert.equal(warden(box, ['protect', '--all']).stdout.includes('Next:'), false, 'a second protect changes nothing and asks nothing of the user');

  const pending = await list(box);
  assert.match(pending, /faults: node \S+warden-proxy\.cjs --server \S+ -- node \S+fault-server\.mjs \(stdio\) - Pending approval/, pending);
  await approve(box, 'faults');
  const connected = await list(box);
  assert.match(connected, /✓ faults: node \S+warden-proxy\.cjs --server \S+ -- node \S+fault-server\.mjs \(stdio\) - Connected/, connected);
  assert.ok(relayedMethods(box).includes('initialize'), `qwen mcp list connected through the proxy:\n${auditSummary(box)}`);

  unprotectAll(box, file, original);
});
