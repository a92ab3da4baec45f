// Gemini CLI's own program (@google/gemini-cli from npm) against a config protected by Warden:
// `gemini mcp list` health-checks the server through the proxy, and `gemini -p` (pointed at a
// loopback endpoint that refuses every model call) discovers its tools through it; a project's
// .gemini/settings.json, honoured only in a trusted folder, stays trusted after the rewrite.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildWarden, CLIENTS_DIR, describeRun, ensureClients, protectAll, readAudit, printed, relayedMethods, runProgram, sandbox, unprotectAll, writeConfig, type Sandbox } from './helpers.js';

const GEMINI = path.join(CLIENTS_DIR, 'gemini', 'node_modules', '@google', 'gemini-cli', 'bundle', 'gemini.js');
let node: string;
let box: Sandbox;
let settings: string;
let original: Buffer;
let model: Server;
let modelUrl: string;
const modelRequests: string[] = [];

before(async () => {
  ({ node } = ensureClients());
  buildWarden();
  box = sandbox('gemini');
  settings = path.join(box.home, '.gemini', 'settings.json');
  original = writeConfig('gemini-settings.json', settings);
  // Gemini CLI's folder trust: the project folder is trusted, as `/permissions` would record it.
  writeFileSync(path.join(box.home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [box.project]: 'TRUST_FOLDER' }, null, 2));
  // A loopback stand-in for the Gemini API that answers every call with a non-retryable 400.
  model = createServer((request, response) => {
    modelRequests.push(`${request.method} ${request.url}`);
    request.resume();
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 400, message: 'offline test endpoint', status: 'INVALID_ARGUMENT' } }));
  });
  await new Promise<void>((resolve) => model.listen(0, '127.0.0.1', resolve));
  modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}`;
});

after(() => {
  model?.close();
});

function gemini(args: string[]) {
  return runProgram(node, [GEMINI, ...args], {
    cwd: box.project,
    timeoutMs: 90_000,
    env: { ...box.env, GEMINI_API_KEY: 'offline-dummy-key', GOOGLE_GEMINI_BASE_URL: modelUrl, GEMINI_TELEMETRY_ENABLED: 'false' },
  });
}

test('gemini mcp list and gemini -p reach the server through the Warden proxy; unprotect restores settings.json', { timeout: 300_000 }, async () => {
  const report = protectAll(box, settings);
  assert.match(report, /✓ faults \(gemini-cli\): protected/);
  assert.match(report, /Gemini CLI: Restart Gemini CLI sessions/, 'the next step tells the user to restart Gemini CLI sessions');

  const list = await gemini(['mcp', 'list']);
  assert.equal(list.timedOut, false, describeRun(list));
  assert.match(printed(list), /✓ faults: node \S+warden-proxy\.cjs --server gemini-cli:user:\S+ -- node \S+fault-server\.mjs \(stdio\) - Connected/, describeRun(list));
  const afterList = relayedMethods(box);
  assert.ok(afterList.includes('initialize'), `the proxy relayed Gemini's initialize: ${afterList.join(', ')}`);
  const ids = new Set(readAudit(box).map((line) => line.serverId));
  assert.deepEqual([...ids], [`gemini-cli:user:${settings}:faults`]);

  const prompt = await gemini(['-p', 'hi']);
  assert.equal(prompt.timedOut, false, describeRun(prompt));
  assert.ok(modelRequests.length > 0, `Gemini CLI called the loopback model endpoint:\n${describeRun(prompt)}`);
  const methods = relayedMethods(box).slice(afterList.length);
  assert.ok(methods.includes('initialize') && methods.includes('tools/list'), `gemini -p discovered tools through the proxy: ${methods.join(', ')}\n${describeRun(prompt)}`);
  const toolsListed = readAudit(box).some((line) => line.type === 'message' && line.direction === 'server-to-client' && line.method === 'tools/list' && line.kind === 'response');
  assert.ok(toolsListed, 'the server answered tools/list through the proxy');

  unprotectAll(box, settings, original);
});

test('a project .gemini/settings.json in a trusted folder stays trusted and connects through the proxy after protect', { timeout: 300_000 }, async () => {
  const project = sandbox('gemini-project');
  const file = path.join(project.project, '.gemini', 'settings.json');
  const written = writeConfig('gemini-settings.json', file);
  const run = (args: string[]) => runProgram(node, [GEMINI, ...args], { cwd: project.project, timeoutMs: 90_000, env: { ...project.env, GEMINI_TELEMETRY_ENABLED: 'false' } });

  // Gemini CLI ignores a project's servers until the folder is trusted.
  const untrusted = await run(['mcp', 'list']);
  assert.match(printed(untrusted), /○ faults: node \S+fault-server\.mjs \(stdio\) - Disabled/, describeRun(untrusted));
  mkdirSync(path.join(project.home, '.gemini'), { recursive: true });
  writeFileSync(path.join(project.home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [project.project]: 'TRUST_FOLDER' }, null, 2));

  const report = protectAll(project, file);
  assert.match(report, /✓ faults \(gemini-cli\): protected/);
  const list = await run(['mcp', 'list']);
  assert.match(printed(list), /✓ faults: node \S+warden-proxy\.cjs --server gemini-cli:workspace:\S+ -- node \S+fault-server\.mjs \(stdio\) - Connected/, describeRun(list));
  assert.ok(relayedMethods(project).includes('initialize'), `the proxy relayed Gemini's initialize: ${relayedMethods(project).join(', ')}`);

  unprotectAll(project, file, written);
});
