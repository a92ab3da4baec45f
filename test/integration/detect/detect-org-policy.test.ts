// The organisation's detection floor inside the built proxy, with the SDK's real Client and the
// poisoned fixture server: the proxy finds the policy through the path recorded in
// <state>/settings.json (no environment variable reaches it) and its `block` wins over the
// user's `pass`; a recorded policy that has gone missing does not let the user's `off` through.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { recordPolicyFile } from '../../../src/core/policy/detection-org.js';
import { connect, proxied, ROOT, tempDir, waitFor, type Launch } from '../proxy/helpers.js';

const POISONED: Launch = { command: process.execPath, args: [path.join(ROOT, 'test/fixtures/servers/poisoned-server.mjs')] };
const CLEAN_TOOLS = ['echo', 'forecast', 'weather'];
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function stateDir(userSettings: unknown): string {
  const dir = tempDir('warden-detect-org-test-');
  dirs.push(dir);
  writeFileSync(path.join(dir, 'detection.json'), JSON.stringify(userSettings));
  return dir;
}

async function offeredTools(dir: string, proxyFlags: string[] = []): Promise<string[]> {
  const { client } = await connect(await proxied(POISONED, dir, ['--no-hub', ...proxyFlags], 'poisoned'));
  try {
    return (await client.listTools()).tools.map((tool) => tool.name).sort();
  } finally {
    await client.close();
  }
}

function auditText(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'audit', 'audit.jsonl'), 'utf8');
  } catch {
    return '';
  }
}

describe('organisation detection policy in the proxy', () => {
  test('the user passes poisoned definitions; the recorded policy blocks them', async () => {
    const dir = stateDir({ definitions: { high: 'pass' } });
    const unguarded = await offeredTools(dir);
    assert.ok(unguarded.length > CLEAN_TOOLS.length, `the user's pass lets the poisoned tools through: ${unguarded.join(', ')}`);

    const policy = path.join(dir, 'org-policy.jsonc');
    writeFileSync(policy, '{\n  // set by the security team\n  "version": 1,\n  "detection": { "definitions": { "high": "block" } }\n}\n');
    await recordPolicyFile(dir, policy);
    assert.deepEqual(await offeredTools(dir), CLEAN_TOOLS);
  });

  test('a recorded policy that is missing fails closed: the user mode "off" does not switch detection off, and the problem is logged', async () => {
    const dir = stateDir({ mode: 'off' });
    await recordPolicyFile(dir, path.join(dir, 'deleted-policy.json'));
    assert.deepEqual(await offeredTools(dir), CLEAN_TOOLS);
    await waitFor(() => auditText(dir).includes('session-end'), 5_000, 'session-end');
    assert.match(auditText(dir), /deleted-policy\.json: it does not exist; detection uses the built-in defaults/);
  });

  test('a policy mode of "default" holds against --detect off on the proxy command line', async () => {
    const dir = stateDir({});
    assert.ok((await offeredTools(dir, ['--detect', 'off'])).length > CLEAN_TOOLS.length, 'without a policy, --detect off lets everything through');
    const policy = path.join(dir, 'org-policy.json');
    writeFileSync(policy, JSON.stringify({ version: 1, detection: { mode: 'default' } }));
    await recordPolicyFile(dir, policy);
    assert.deepEqual(await offeredTools(dir, ['--detect', 'off']), CLEAN_TOOLS);
  });
});
