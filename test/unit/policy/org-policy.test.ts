import assert from 'node:assert/strict';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { nodeFileSystem } from '../../../src/core/fs/node-file-system.js';
import { loadPolicy } from '../../../src/core/policy/org-policy.js';

async function policyFile(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-policy-'));
  const file = path.join(dir, 'policy.json');
  await writeFile(file, text);
  return file;
}

test('a valid policy with comments loads with defaults filled in', async () => {
  const file = await policyFile('{\n  // approved by security\n  "version": 1,\n  "approved": [{ "id": "gh", "match": { "name": "github" } }],\n}\n');
  const { policy, problems } = await loadPolicy(file, nodeFileSystem);
  assert.deepEqual(problems, []);
  assert.equal(policy?.approved[0]?.id, 'gh');
  assert.deepEqual(policy?.denied, []);
  assert.equal(policy?.allowUserApprovals, true);
});

test('a wrong field is reported at its line, naming the path', async () => {
  const file = await policyFile('{\n  "version": 1,\n  "approved": [\n    { "id": "gh", "match": { "nmae": "github" } }\n  ]\n}\n');
  const { policy, problems } = await loadPolicy(file, nodeFileSystem);
  assert.equal(policy, undefined);
  assert.ok(problems.length >= 1);
  assert.match(problems[0]!.message, /approved\.0\.match/);
  assert.equal(problems[0]!.range?.start.line, 3);
});

test('an empty match is refused: it would approve every server', async () => {
  const file = await policyFile('{"version": 1, "approved": [{"id": "all", "match": {}}]}');
  const { policy, problems } = await loadPolicy(file, nodeFileSystem);
  assert.equal(policy, undefined);
  assert.match(problems[0]!.message, /at least one field/);
});

test('syntax errors, missing files and directories are findings, not exceptions', async () => {
  const broken = await loadPolicy(await policyFile('{"version": 1,,}'), nodeFileSystem);
  assert.equal(broken.problems[0]?.ruleId, 'policy-invalid');
  assert.equal(broken.problems[0]?.range?.start.line, 0);
  const missing = await loadPolicy('/nonexistent/policy.json', nodeFileSystem);
  assert.match(missing.problems[0]!.message, /does not exist/);
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-policy-dir-'));
  await mkdir(path.join(dir, 'policy.json'));
  const directory = await loadPolicy(path.join(dir, 'policy.json'), nodeFileSystem);
  assert.match(directory.problems[0]!.message, /not a file/);
});
