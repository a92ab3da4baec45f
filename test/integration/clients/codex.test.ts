// Codex's own program (@openai/codex from npm, its native binary) against a ~/.codex/config.toml
// protected by Warden: `codex mcp list` parses the rewritten TOML, and `codex exec` (its model
// provider pointed, with -c overrides, at a loopback endpoint that refuses every call) starts the
// server through the proxy: initialize, tools/list.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { auditSummary, buildWarden, CLIENTS_DIR, describeRun, ensureClients, printed, protectAll, readAudit, relayedMethods, runProgram, sandbox, unprotectAll, writeConfig, type Sandbox } from './helpers.js';

const CODEX = path.join(CLIENTS_DIR, 'codex', 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
let node: string;
let box: Sandbox;
let config: string;
let original: Buffer;
let model: Server;
let modelUrl: string;
let modelRequests = 0;

function toolsListed(): boolean {
  return readAudit(box).some((line) => line.direction === 'server-to-client' && line.method === 'tools/list' && line.kind === 'response');
}

before(async () => {
  ({ node } = ensureClients());
  buildWarden();
  box = sandbox('codex');
  config = path.join(box.home, '.codex', 'config.toml');
  original = writeConfig('codex-config.toml', config);
  // A loopback stand-in for the Responses API. Codex starts MCP servers in the background and
  // does not hold the first turn for them, so, like a real model that takes a few seconds, this
  // one answers (with a non-retryable 400) only once the server's tools are listed, or after 20 s.
  model = createServer((request, response) => {
    modelRequests += 1;
    request.resume();
    const deadline = Date.now() + 20_000;
    const answer = () => {
      if (!toolsListed() && Date.now() < deadline) return void setTimeout(answer, 50);
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'offline test endpoint', type: 'invalid_request_error', code: 'offline' } }));
    };
    answer();
  });
  await new Promise<void>((resolve) => model.listen(0, '127.0.0.1', resolve));
  modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;
});

after(() => {
  model?.close();
});

function codex(args: string[]) {
  return runProgram(node, [CODEX, ...args], { cwd: box.project, timeoutMs: 90_000, env: { ...box.env } });
}

test('codex starts the server through the Warden proxy; unprotect restores config.toml', { timeout: 300_000 }, async () => {
  const report = protectAll(box, config);
  assert.match(report, /✓ faults \(codex\): protected/);
  assert.match(report, /Codex: Start a new Codex session/);

  const list = await codex(['mcp', 'list']);
  assert.equal(list.code, 0, describeRun(list));
  assert.match(printed(list), /^faults\s+node\s+\S+warden-proxy\.cjs --server codex:user:\S+ -- node \S+fault-server\.mjs\s.*enabled/m, describeRun(list));

  const provider = `model_providers.local={name="local",base_url="${modelUrl}",wire_api="responses"}`;
  const run = await codex(['exec', '--skip-git-repo-check', '-c', 'model_provider=local', '-c', provider, 'hi']);
  assert.equal(run.timedOut, false, describeRun(run));
  assert.ok(modelRequests > 0, `codex exec called the loopback model endpoint:\n${describeRun(run)}`);
  assert.match(printed(run), /offline test endpoint/, describeRun(run));
  assert.doesNotMatch(printed(run), /faults.*(failed|timed out)/i, describeRun(run));
  const methods = relayedMethods(box);
  assert.ok(methods.includes('initialize') && methods.includes('tools/list'), `Codex started the server through the proxy: ${methods.join(', ')}\n${auditSummary(box)}\n${describeRun(run)}`);
  assert.ok(toolsListed(), `the server answered tools/list through the proxy:\n${auditSummary(box)}`);
  assert.deepEqual([...new Set(readAudit(box).map((line) => line.serverId))], [`codex:user:${config}:faults`]);

  unprotectAll(box, config, original);
});
