// How the proxy finds the organisation's detection floor with VS Code closed: the policy path
// recorded in <state>/settings.json, read together with the user's detection.json.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as z from 'zod';
import { nodeFileSystem } from '../../../src/core/fs/node-file-system.js';
import { recordPolicyFile } from '../../../src/core/policy/detection-org.js';
import { detectionSettingsSchema } from '../../../src/core/policy/detection-schema.js';
import { loadPolicy } from '../../../src/core/policy/org-policy.js';
import { actionTable, detectMode, readDetectionSettings } from '../../../src/core/proxy/detection-settings.js';

async function stateWith(files: { detection?: unknown; policy?: string; settings?: string }): Promise<{ stateDir: string; policyFile: string }> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'warden-detect-org-'));
  const policyFile = path.join(stateDir, 'org-policy.jsonc');
  if (files.detection !== undefined) await writeFile(path.join(stateDir, 'detection.json'), JSON.stringify(files.detection));
  if (files.policy !== undefined) {
    await writeFile(policyFile, files.policy);
    await recordPolicyFile(stateDir, policyFile);
  }
  if (files.settings !== undefined) await writeFile(path.join(stateDir, 'settings.json'), files.settings);
  return { stateDir, policyFile };
}

test('the recorded organisation policy blocks what the user set to pass', async () => {
  const { stateDir } = await stateWith({
    detection: { mode: 'off', definitions: { high: 'pass' } },
    policy: '{\n  // security team\n  "version": 1,\n  "detection": { "mode": "default", "definitions": { "high": "block" } },\n}\n',
  });
  const { settings, problem } = readDetectionSettings(stateDir);
  assert.equal(problem, undefined);
  assert.equal(settings.mode, 'default');
  assert.equal(actionTable(settings, 'definitions', 'srv').high, 'block');
});

test('recording the path keeps the other settings and is forgotten with undefined', async () => {
  const { stateDir, policyFile } = await stateWith({ settings: '{"pins":{"firstSight":"hold"}}' });
  await recordPolicyFile(stateDir, policyFile);
  const file = path.join(stateDir, 'settings.json');
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { pins: { firstSight: 'hold' }, policyFile });
  if (process.platform !== 'win32') assert.equal((await stat(file)).mode & 0o777, 0o600);
  await recordPolicyFile(stateDir, undefined);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { pins: { firstSight: 'hold' } });
});

test('no policy recorded: the user settings alone, unchanged', async () => {
  const { stateDir } = await stateWith({ detection: { mode: 'warn-only', responses: { high: 'pass' } } });
  const { settings, problem } = readDetectionSettings(stateDir);
  assert.equal(problem, undefined);
  assert.deepEqual(settings, { mode: 'warn-only', responses: { high: 'pass' } });
});

test('a recorded policy that is gone: user settings under the built-in defaults, mode not off, and the problem named', async () => {
  const { stateDir, policyFile } = await stateWith({ detection: { mode: 'off', definitions: { high: 'pass' }, responses: { high: 'block' } } });
  await recordPolicyFile(stateDir, policyFile);
  const { settings, problem } = readDetectionSettings(stateDir);
  assert.match(problem ?? '', /org-policy\.jsonc: it does not exist; detection uses the built-in defaults/);
  assert.equal(settings.mode, 'default');
  assert.equal(actionTable(settings, 'definitions', 'srv').high, 'block');
  assert.equal(actionTable(settings, 'responses', 'srv').high, 'block');
});

test('a policy with a syntax error or a misspelt detection key fails closed with file, line or key', async () => {
  const broken = await stateWith({ detection: { mode: 'off' }, policy: '{\n  "version": 1,\n  "detection": { "mode": "default" \n' });
  const first = readDetectionSettings(broken.stateDir);
  assert.match(first.problem ?? '', /org-policy\.jsonc:\d+: /);
  assert.equal(first.settings.mode, 'default');
  const misspelt = await stateWith({ policy: '{"version": 1, "detection": {"definitions": {"hihg": "block"}}}' });
  const second = readDetectionSettings(misspelt.stateDir);
  assert.match(second.problem ?? '', /invalid at detection\.definitions: Unrecognized key: "hihg"/);
  assert.equal(actionTable(second.settings, 'definitions', 'srv').high, 'block');
});

test('an unreadable settings.json fails closed too: it may have named a policy', async () => {
  const { stateDir } = await stateWith({ detection: { mode: 'off' }, settings: '{"policyFile": ' });
  const { settings, problem } = readDetectionSettings(stateDir);
  assert.match(problem ?? '', /settings\.json is not JSON/);
  assert.equal(settings.mode, 'default');
});

test('a user detection.json problem and a policy problem are both reported', async () => {
  const { stateDir, policyFile } = await stateWith({ detection: { definitions: { high: 'never' } } });
  await recordPolicyFile(stateDir, policyFile);
  const { problem } = readDetectionSettings(stateDir);
  assert.match(problem ?? '', /detection\.json is invalid at definitions\.high: .*; also .*does not exist/);
});

test('the policy schema rejects an unknown detection key at its line', async () => {
  const { policyFile } = await stateWith({ policy: '{\n  "version": 1,\n  "detection": {\n    "responses": { "high": "mark", "hgih": "block" }\n  }\n}\n' });
  const { policy, problems } = await loadPolicy(policyFile, nodeFileSystem);
  assert.equal(policy, undefined);
  assert.match(problems[0]!.message, /policy detection\.responses: Unrecognized key: "hgih"/);
  assert.equal(problems[0]!.range?.start.line, 3);
});

test('the VS Code setting mcpWarden.detection is described by the same schema as detection.json', async () => {
  const manifest = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
  };
  const { scope, markdownDescription, ...setting } = manifest.contributes.configuration.properties['mcpWarden.detection']!;
  assert.equal(scope, 'machine', 'a workspace must not choose the detection policy');
  assert.equal(typeof markdownDescription, 'string');
  const { $schema, ...expected } = z.toJSONSchema(detectionSettingsSchema, { target: 'draft-7' });
  assert.ok($schema);
  assert.deepEqual(setting, expected);
});

test('a proxy --detect flag below the organisation mode is raised to it; without a policy the flag wins', async () => {
  const { stateDir } = await stateWith({ detection: { mode: 'default' }, policy: '{"version": 1, "detection": {"mode": "warn-only"}}' });
  const loaded = readDetectionSettings(stateDir);
  assert.equal(detectMode('off', loaded), 'warn-only');
  assert.equal(detectMode('default', loaded), 'default');
  assert.equal(detectMode(undefined, loaded), 'default');
  const free = await stateWith({ detection: { mode: 'default' } });
  assert.equal(detectMode('off', readDetectionSettings(free.stateDir)), 'off');
});

test('a recorded policy path that is a directory fails closed instead of hanging or passing', async () => {
  const { stateDir } = await stateWith({ detection: { mode: 'off' } });
  await recordPolicyFile(stateDir, stateDir);
  const { settings, problem } = readDetectionSettings(stateDir);
  assert.match(problem ?? '', /is not a file; detection uses the built-in defaults/);
  assert.equal(settings.mode, 'default');
});
