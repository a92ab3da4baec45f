// opencode's own program (opencode-ai from npm, its native binary) against a
// ~/.config/opencode/opencode.json (JSONC, comments and trailing commas) protected by Warden:
// `opencode mcp list` connects to the server through the proxy (initialize, tools/list).
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { buildWarden, CLIENTS_DIR, describeRun, ensureClients, printed, protectAll, readAudit, relayedMethods, runProgram, sandbox, unprotectAll, writeConfig, type Sandbox } from './helpers.js';

const OPENCODE = path.join(CLIENTS_DIR, 'opencode', 'node_modules', 'opencode-ai', 'bin', 'opencode.exe');
let box: Sandbox;
let config: string;
let original: Buffer;

before(() => {
  ensureClients();
  buildWarden();
  box = sandbox('opencode');
  config = path.join(box.home, '.config', 'opencode', 'opencode.json');
  original = writeConfig('opencode.json', config);
});

function opencode(args: string[]) {
  return runProgram(OPENCODE, args, {
    cwd: box.project,
    timeoutMs: 120_000,
    env: { ...box.env, OPENCODE_DISABLE_AUTOUPDATE: '1', OPENCODE_DISABLE_MODELS_FETCH: '1', OPENCODE_DISABLE_DEFAULT_PLUGINS: '1', OPENCODE_DISABLE_LSP_DOWNLOAD: '1' },
  });
}

test('opencode mcp list connects to the server through the Warden proxy; unprotect restores opencode.json', { timeout: 300_000 }, async () => {
  const report = protectAll(box, config);
  assert.match(report, /✓ faults \(opencode\): protected/);
  assert.match(report, /opencode: Restart opencode/);

  const list = await opencode(['mcp', 'list']);
  assert.equal(list.timedOut, false, describeRun(list));
  const text = printed(list).replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '');
  assert.match(text, /✓ faults\s+connected\s*\n\S*\s+node \S+warden-proxy\.cjs --server opencode:user:\S+ -- node \S+fault-server\.mjs/, describeRun(list));
  const methods = relayedMethods(box);
  assert.ok(methods.includes('initialize') && methods.includes('tools/list'), `opencode reached the server through the proxy: ${methods.join(', ')}`);
  assert.ok(readAudit(box).some((line) => line.direction === 'server-to-client' && line.method === 'tools/list' && line.kind === 'response'), 'the server answered tools/list through the proxy');

  unprotectAll(box, config, original);
});
