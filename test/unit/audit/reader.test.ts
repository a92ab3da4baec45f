import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AuditLog } from '../../../src/core/audit/audit-log.js';
import { AuditTail, auditFiles, parseAuditLine, readAuditLog } from '../../../src/core/audit/reader.js';
import { auditRecord } from '../../../src/core/audit/summary.js';
import type { ProxyEvent } from '../../../src/core/proxy/events.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'warden-audit-reader-'));
  dirs.push(d);
  return d;
}

function warning(n: number): ProxyEvent {
  return { type: 'warning', sessionId: 's', serverId: 'srv', time: Date.UTC(2026, 0, 1) + n, message: `w${n}` };
}

function line(event: ProxyEvent): string {
  return `${JSON.stringify(auditRecord(event))}\n`;
}

describe('audit reader', () => {
  it('turns an audit line back into the event the proxy emitted', () => {
    const event: ProxyEvent = { type: 'message', sessionId: 's', serverId: 'srv', time: 1_767_225_600_123, seq: 3, direction: 'server-to-client', kind: 'response', id: 2, size: 99, latencyMs: 1.5, verdict: 'pass' };
    assert.deepEqual(parseAuditLine(JSON.stringify(auditRecord(event))), event);
    assert.equal(parseAuditLine('{"ts":"yesterday","type":"warning"}'), undefined);
    assert.equal(parseAuditLine('{"ts":"2026-01-01T00:00:00.000Z","type":"message","sessionId":"s"}'), undefined);
    assert.equal(parseAuditLine('{"type":'), undefined);
  });

  it('lists rotated files oldest first and the live file last', () => {
    const dir = tempDir();
    for (const name of ['audit.jsonl', 'audit.1.jsonl', 'audit.10.jsonl', 'audit.2.jsonl', 'other.jsonl', 'audit.x.jsonl']) writeFileSync(path.join(dir, name), '');
    assert.deepEqual(auditFiles(dir).map((f) => path.basename(f)), ['audit.10.jsonl', 'audit.2.jsonl', 'audit.1.jsonl', 'audit.jsonl']);
    assert.deepEqual(auditFiles(path.join(dir, 'missing')), []);
  });

  it('reads a log the real AuditLog rotated, in the order it was written', () => {
    const dir = tempDir();
    const log = new AuditLog({ dir, maxBytes: 2_000, maxFiles: 50 });
    for (let n = 0; n < 200; n++) {
      log.append(auditRecord(warning(n)));
      log.flush();
    }
    log.close();
    return readAuditLog(dir).then(({ events, damaged, files }) => {
      assert.ok(files.length > 3, `expected several rotated files, got ${files.length}`);
      assert.equal(damaged.count, 0);
      assert.deepEqual(
        events.map((e) => (e.type === 'warning' ? e.message : '')),
        Array.from({ length: 200 }, (_, n) => `w${n}`),
      );
    });
  });

  it('skips damaged lines, counts them and names the first, without stopping', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'audit.1.jsonl'), line(warning(1)) + 'not json\n' + line(warning(2)));
    writeFileSync(path.join(dir, 'audit.jsonl'), line(warning(3)) + '{"ts":"2026-01-01T00:00:00Z","type":"message"}\n' + line(warning(4)) + '{"ts":"2026-01-01T00:0');
    const { events, damaged } = await readAuditLog(dir);
    assert.deepEqual(events.map((e) => (e.type === 'warning' ? e.message : '')), ['w1', 'w2', 'w3', 'w4']);
    assert.equal(damaged.count, 3);
    assert.deepEqual(damaged.first, { file: path.join(dir, 'audit.1.jsonl'), line: 2 });
  });

  it('tails the live file across a rotation without losing lines', () => {
    const dir = tempDir();
    const live = path.join(dir, 'audit.jsonl');
    writeFileSync(live, line(warning(0)));
    const seen: string[] = [];
    const damaged: string[] = [];
    const tail = new AuditTail({ dir, backlogBytes: 0, pollMs: 60_000, onEvents: (events) => seen.push(...events.map((e) => (e.type === 'warning' ? e.message : ''))), onDamaged: (l) => damaged.push(l) });
    tail.start();
    assert.deepEqual(seen, [], 'backlog 0 starts at the end');
    appendFileSync(live, line(warning(1)) + line(warning(2)).slice(0, 10));
    tail.poll();
    assert.deepEqual(seen, ['w1'], 'a partial line waits for its end');
    appendFileSync(live, line(warning(2)).slice(10) + line(warning(3)));
    renameSync(live, path.join(dir, 'audit.1.jsonl'));
    writeFileSync(live, line(warning(4)) + 'garbage\n');
    tail.poll();
    tail.stop();
    assert.deepEqual(seen, ['w1', 'w2', 'w3', 'w4']);
    assert.deepEqual(damaged, ['garbage']);
  });

  it('starts with a backlog from the end of the live file, dropping the cut first line', () => {
    const dir = tempDir();
    const text = Array.from({ length: 50 }, (_, n) => line(warning(n))).join('');
    writeFileSync(path.join(dir, 'audit.jsonl'), text);
    const seen: string[] = [];
    const tail = new AuditTail({ dir, backlogBytes: line(warning(49)).length * 3 + 5, pollMs: 60_000, onEvents: (events) => seen.push(...events.map((e) => (e.type === 'warning' ? e.message : ''))) });
    tail.start();
    tail.stop();
    assert.deepEqual(seen, ['w47', 'w48', 'w49']);
  });
});
