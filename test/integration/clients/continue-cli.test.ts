// Continue CLI's own program (@continuedev/cli from npm, `cn`) against a ~/.continue/config.yaml
// protected by Warden. `cn` starts MCP servers only for a prompt; without a Continue account it
// runs the local config.yaml, whose model here is a loopback OpenAI-compatible endpoint.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { auditSummary, buildWarden, CLIENTS_DIR, describeRun, ensureClients, printed, protectAll, readAudit, relayedMethods, runProgram, sandbox, unprotectAll, writeConfig, type Sandbox } from './helpers.js';
import { startModelEndpoint, type ModelEndpoint } from './model-endpoint.js';

const CN = path.join(CLIENTS_DIR, 'continue', 'node_modules', '@continuedev', 'cli', 'dist', 'cn.js');
let node: string;
let box: Sandbox;
let config: string;
let original: Buffer;
let model: ModelEndpoint;

before(async () => {
  ({ node } = ensureClients());
  buildWarden();
  box = sandbox('continue');
  model = await startModelEndpoint();
  config = path.join(box.home, '.continue', 'config.yaml');
  original = writeConfig('continue-config.yaml', config, { __MODEL_URL__: model.url });
});

after(async () => {
  await model?.close();
});

function cn(args: string[]) {
  return runProgram(node, [CN, ...args], { cwd: box.project, timeoutMs: 120_000, env: { ...box.env, CONTINUE_CLI_ENABLE_TELEMETRY: '0', CONTINUE_METRICS_ENABLED: '0' } });
}

test('cn -p (loopback model) starts the server through the Warden proxy; unprotect restores config.yaml', { timeout: 300_000 }, async () => {
  const report = protectAll(box, config);
  assert.match(report, /✓ faults \(continue\): protected/);
  assert.match(report, /Continue: Continue reloads its config/);

  const run = await cn(['-p', 'hi']);
  assert.equal(run.timedOut, false, describeRun(run));
  assert.match(printed(run), /Hello from the loopback model/, describeRun(run));
  const methods = relayedMethods(box);
  assert.ok(methods.includes('initialize') && methods.includes('tools/list'), `Continue started the server through the proxy: ${methods.join(', ')}\n${auditSummary(box)}\n${describeRun(run)}`);
  assert.ok(readAudit(box).some((line) => line.direction === 'server-to-client' && line.method === 'tools/list' && line.kind === 'response'), 'the server answered tools/list through the proxy');
  assert.deepEqual([...new Set(readAudit(box).map((line) => line.serverId))], [`continue:user:${config}:faults`]);
  assert.ok(model.toolNames().includes('echo'), `the server's tools reached the model: ${model.toolNames().join(', ')}`);

  unprotectAll(box, config, original);
});
