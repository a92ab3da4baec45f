// Several proxies append to one audit log at once: every line must arrive whole.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { ROOT, tempDir } from './helpers.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('audit log shared by several processes', () => {
  it('6 processes × 3,000 lines (some over 4 KiB): none lost, none torn', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    dirs.push(dir);
    const module = pathToFileURL(path.join(ROOT, 'src/core/audit/audit-log.ts')).href;
    const script = `
      const { AuditLog } = await import(${JSON.stringify(module)});
      const log = new AuditLog({ dir: ${JSON.stringify(dir)}, maxBytes: 1e12 });
      const writer = process.argv[1];
      for (let i = 0; i < 3000; i++) {
        log.append({ writer, i, pad: i % 100 === 0 ? 'p'.repeat(6000) : 'q'.repeat(i % 50) });
        if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      log.close();
    `;
    const writers = Array.from({ length: 6 }, (_, n) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, `w${n}`], { cwd: ROOT, stdio: 'inherit' });
        child.once('exit', resolve);
      }),
    );
    assert.deepEqual(await Promise.all(writers), [0, 0, 0, 0, 0, 0]);
    const lines = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 18_000);
    const seen = new Map<string, number>();
    for (const line of lines) {
      const record = JSON.parse(line) as { writer: string; i: number };
      assert.equal(record.i, seen.get(record.writer) ?? 0, 'each writer’s lines stay in order');
      seen.set(record.writer, record.i + 1);
    }
  });
});
