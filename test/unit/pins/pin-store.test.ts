import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pinItems } from '../../../src/core/pins/pinned-items.js';
import { loadPins, pinFilePath, updatePins } from '../../../src/core/pins/pin-store.js';

test('pins written for a server load back; another server has none', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-pins-'));
  await updatePins(dir, 'vscode:workspace:github', () => ({ launch: { command: 'x' }, items: pinItems('tool', [{ name: 'a' }]) }));
  const loaded = await loadPins(dir, 'vscode:workspace:github');
  assert.equal(loaded.state, 'pinned');
  assert.deepEqual(loaded.state === 'pinned' && loaded.pins.items.map((item) => item.key), ['a']);
  assert.deepEqual(await loadPins(dir, 'other'), { state: 'absent' });
});

test('a damaged pin file is reported as damaged, never as pinned, and kept when rewritten', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-pins-'));
  const file = pinFilePath(dir, 'srv');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, '{"version":1,"serverKey":"srv","items":[{"kind":"tool"');
  const loaded = await loadPins(dir, 'srv');
  assert.equal(loaded.state, 'damaged');
  await updatePins(dir, 'srv', () => ({ launch: {}, items: [] }));
  assert.ok((await readdir(path.dirname(file))).some((name) => name.includes('.damaged-')));
});

test('concurrent updates of one server lose nothing', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'warden-pins-'));
  await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      updatePins(dir, 'srv', (current) => ({ launch: {}, items: [...(current?.items ?? []), ...pinItems('tool', [{ name: `t${index}` }])] })),
    ),
  );
  const loaded = await loadPins(dir, 'srv');
  assert.equal(loaded.state === 'pinned' && loaded.pins.items.length, 20);
});
