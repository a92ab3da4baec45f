// GitHub Copilot CLI's own program (@github/copilot from npm, its native binary) against a
// ~/.copilot/mcp-config.json protected by Warden. Copilot starts MCP servers only for a prompt;
// offline it runs one with its documented "bring your own key" provider (COPILOT_OFFLINE=true,
// COPILOT_PROVIDER_BASE_URL = a loopback OpenAI-compatible endpoint), which needs no GitHub sign-in.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { auditSummary, buildWarden, CLIENTS_DIR, describeRun, ensureClients, printed, protectAll, readAudit, relayedMethods, runProgram, sandbox, unprotectAll, writeConfig, type Sandbox } from './helpers.js';
import { MODEL_ID, startModelEndpoint, type ModelEndpoint } from './model-endpoint.js';

const COPILOT = path.join(CLIENTS_DIR, 'copilot', 'node_modules', '@github', 'copilot', 'npm-loader.js');
let node: string;
let box: Sandbox;
let config: string;
let original: Buffer;
let model: ModelEndpoint;

before(async () => {
  ({ node } = ensureClients());
  buildWarden();
  box = sandbox('copilot');
  config = path.join(box.home, '.copilot', 'mcp-config.json');
  original = writeConfig('copilot-mcp-config.json', config);
  model = await startModelEndpoint();
});

after(async () => {
  await model?.close();
});

function copilot(args: string[], on: Sandbox = box, extraEnv: Record<string, string> = {}) {
  return runProgram(node, [COPILOT, ...args], {
    cwd: on.project,
    timeoutMs: 120_000,
    env: {
      ...on.env,
      ...extraEnv,
      COPILOT_OFFLINE: 'true',
      COPILOT_PROVIDER_BASE_URL: model.url,
      COPILOT_PROVIDER_TYPE: 'openai',
      COPILOT_MODEL: MODEL_ID,
      COPILOT_AUTO_UPDATE: 'false',
    },
  });
}

test('copilot -p (offline, BYOK loopback model) starts the server through the Warden proxy; unprotect restores mcp-config.json', { timeout: 300_000 }, async () => {
  const report = protectAll(box, config);
  assert.match(report, /✓ faults \(copilot-cli\): protected/);
  assert.match(report, /GitHub Copilot CLI: Start a new Copilot CLI session/);

  const listed = await copilot(['mcp', 'list']);
  assert.match(printed(listed), /faults \(local\)/, describeRun(listed));

  const run = await copilot(['-p', 'hi', '--allow-all-tools', '--disable-client-telemetry']);
  assert.equal(run.timedOut, false, describeRun(run));
  assert.match(printed(run), /Hello from the loopback model/, describeRun(run));
  const methods = relayedMethods(box);
  assert.ok(methods.includes('initialize') && methods.includes('tools/list'), `Copilot started the server through the proxy: ${methods.join(', ')}\n${auditSummary(box)}\n${describeRun(run)}`);
  assert.ok(methods.includes('server/discover') && methods.indexOf('server/discover') < methods.indexOf('initialize'), `Copilot sends server/discover before initialize: ${methods.join(', ')}`);
  assert.ok(readAudit(box).some((line) => line.direction === 'server-to-client' && line.method === 'tools/list' && line.kind === 'response'), 'the server answered tools/list through the proxy');
  assert.deepEqual([...new Set(readAudit(box).map((line) => line.serverId))], [`copilot-cli:user:${config}:faults`]);
  assert.ok(model.toolNames().includes('faults-echo'), `the server's tools reached the model: ${model.toolNames().join(', ')}`);

  unprotectAll(box, config, original);
});

test('a trusted folder’s .mcp.json: copilot mcp get shows the proxied launch and copilot -p connects through it', { timeout: 300_000 }, async () => {
  const project = sandbox('copilot-project');
  const file = path.join(project.project, '.mcp.json');
  const written = writeConfig('claude-mcp.json', file);
  // COPILOT_ALLOW_ALL=true trusts the working folder, which is what loads its .mcp.json.
  const trusted = { COPILOT_ALLOW_ALL: 'true' };

  const report = protectAll(project, file);
  assert.match(report, /[✓=] faults \(copilot-cli\)/, report);
  assert.match(report, /^  GitHub Copilot CLI: /m, report);
  const shown = await copilot(['mcp', 'get', 'faults'], project, trusted);
  assert.match(printed(shown), /Command: node \S+warden-proxy\.cjs --server \S+ -- node \S+fault-server\.mjs/, describeRun(shown));
  assert.match(printed(shown), /Source: Workspace \(\S+\.mcp\.json\)/, describeRun(shown));

  const run = await copilot(['-p', 'hi', '--allow-all-tools', '--disable-client-telemetry'], project, trusted);
  assert.equal(run.timedOut, false, describeRun(run));
  const methods = relayedMethods(project);
  assert.ok(methods.includes('initialize') && methods.includes('tools/list'), `Copilot started the folder's server through the proxy: ${methods.join(', ')}\n${auditSummary(project)}\n${describeRun(run)}`);

  unprotectAll(project, file, written);
});

test('a trusted folder’s .github/mcp.json (no .mcp.json there) is protected and shown proxied by copilot mcp get', { timeout: 300_000 }, async () => {
  const project = sandbox('copilot-github');
  const file = path.join(project.project, '.github', 'mcp.json');
  const written = writeConfig('copilot-mcp-config.json', file);

  const report = protectAll(project, file);
  assert.match(report, /✓ faults \(copilot-cli\): protected/, report);
  const shown = await copilot(['mcp', 'get', 'faults'], project, { COPILOT_ALLOW_ALL: 'true' });
  assert.match(printed(shown), /Command: node \S+warden-proxy\.cjs --server copilot-cli:workspace:\S+ -- node \S+fault-server\.mjs/, describeRun(shown));
  assert.match(printed(shown), /Source: Workspace \(\S+\.github\/mcp\.json\)/, describeRun(shown));

  unprotectAll(project, file, written);
});
