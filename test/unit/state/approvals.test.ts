import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { APPROVALS_FILE, approveServers, loadApprovals, revokeApproval } from '../../../src/core/state/approvals.js';
import { vscodeServers } from '../core/parse-vscode.js';

const servers = vscodeServers(JSON.stringify({ servers: { a: { command: 'node', args: ['a.js'] }, b: { command: 'node', args: ['b.js'] } } }));

test('approving writes a private file that loads back; revoking removes only that server', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-state-'));
  await approveServers(dir, servers);
  const loaded = await loadApprovals(dir);
  assert.deepEqual(loaded.approvals.map((approval) => approval.name), ['a', 'b']);
  if (process.platform !== 'win32') {
    assert.equal((await stat(path.join(dir, APPROVALS_FILE))).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  }
  await revokeApproval(dir, servers[0]!);
  assert.deepEqual((await loadApprovals(dir)).approvals.map((approval) => approval.name), ['b']);
});

test('approving twice keeps one record', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-state-'));
  await approveServers(dir, [servers[0]!]);
  await approveServers(dir, [servers[0]!]);
  assert.equal((await loadApprovals(dir)).approvals.length, 1);
});

test('a damaged approvals file approves nothing, is reported, and is kept as a backup when overwritten', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-state-'));
  await writeFile(path.join(dir, APPROVALS_FILE), '{"version": 1, "approvals": [{"name": "x"');
  const loaded = await loadApprovals(dir);
  assert.deepEqual(loaded.approvals, []);
  assert.equal(loaded.problems[0]?.ruleId, 'state-unreadable');
  await approveServers(dir, [servers[0]!]);
  const files = await readdir(dir);
  const backup = files.find((name) => name.startsWith(`${APPROVALS_FILE}.damaged-`));
  assert.ok(backup, `expected a backup of the damaged file among ${files.join(', ')}`);
  assert.equal(await readFile(path.join(dir, backup), 'utf8'), '{"version": 1, "approvals": [{"name": "x"');
});

test('eight processes approving at once lose no approval and leave valid JSON', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-state-'));
  const worker = fileURLToPath(new URL('./approve-worker.ts', import.meta.url));
  const count = 8;
  const exits = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', worker, dir, String(index)], { stdio: 'inherit' });
        child.on('exit', resolve);
      }),
    ),
  );
  assert.deepEqual(exits, Array(count).fill(0));
  const loaded = await loadApprovals(dir);
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.approvals.map((approval) => approval.name).sort(), Array.from({ length: count }, (_, index) => `server-${index}`).sort());
  assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock')), []);
});
