import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AuditLog } from '../../../src/core/audit/audit-log.js';
import { auditLine, auditRecord } from '../../../src/core/audit/summary.js';
import type { ProxyEvent } from '../../../src/core/proxy/events.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'warden-audit-'));
  dirs.push(d);
  return d;
}

describe('AuditLog', () => {
  it('appends whole JSON lines to a 0600 file in a 0700 directory', { skip: process.platform === 'win32' }, () => {
    const dir = path.join(tempDir(), 'audit');
    const log = new AuditLog({ dir });
    log.append({ a: 1 });
    log.append({ b: 'two' });
    log.flush();
    assert.equal(readFileSync(log.file, 'utf8'), '{"a":1}\n{"b":"two"}\n');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(log.file).mode & 0o777, 0o600);
    log.close();
  });

  it('rotates by size and keeps at most maxFiles files', () => {
    const dir = tempDir();
    const log = new AuditLog({ dir, maxBytes: 1000, maxFiles: 3 });
    for (let i = 0; i < 200; i++) {
      log.append({ i, pad: 'x'.repeat(40) });
      if (i % 10 === 0) log.flush();
    }
    log.append({ last: true });
    log.close();
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, ['audit.1.jsonl', 'audit.2.jsonl', 'audit.jsonl']);
    for (const file of files) {
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean)) JSON.parse(line);
    }
    // The newest record is in the live file, or in .1 when its write triggered a rotation.
    const newest = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8') || readFileSync(path.join(dir, 'audit.1.jsonl'), 'utf8');
    assert.match(newest, /"last":true/);
  });

  it('never throws when the directory cannot be written', () => {
    const file = path.join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    const log = new AuditLog({ dir: path.join(file, 'audit') });
    log.append({ a: 1 });
    log.flush();
    assert.equal(log.failures, 1);
  });
});

describe('auditRecord', () => {
  it('keeps a summary with an ISO time and redacts secrets from free text', () => {
    const record = auditRecord({
      type: 'message',
      sessionId: 's',
      serverId: 'x',
      time: Date.UTC(2026, 0, 2, 3, 4, 5),
      seq: 1,
      direction: 'server-to-client',
      kind: 'error',
      id: 3,
      size: 120,
      verdict: 'pass',
      error: { code: -32000, message: 'auth failed for ghp_abcdefghijklmnopqrstuvwxyz0123456789AB' },
    });
    assert.equal(record.ts, '2026-01-02T03:04:05.000Z');
    assert.doesNotMatch(JSON.stringify(record), /ghp_abcdefghijklmnopqrstuvwxyz0123456789AB/);
    assert.match(JSON.stringify(record), /ghp_…9AB|ghp_…/);
    const start = auditRecord({ type: 'session-start', sessionId: 's', serverId: 'x', time: 0, command: 'npx', args: ['server', '--api-key', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345'], proxyPid: 1 });
    assert.doesNotMatch(JSON.stringify(start), /abcdefghijklmnopqrstuvwxyz012345/);
  });

  it('auditLine writes exactly what JSON.stringify(auditRecord(event)) would, secrets redacted', () => {
    const secret = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const base = { sessionId: 's-1', serverId: 'github "quoted"\n', time: Date.UTC(2026, 0, 31, 12, 0, 0, 5) };
    const events: ProxyEvent[] = [
      { type: 'message', ...base, seq: 1, direction: 'client-to-server', kind: 'request', size: 120, verdict: 'pass', method: 'tools/call', id: 7, subject: `token ${secret}` },
      { type: 'message', ...base, seq: 2, direction: 'server-to-client', kind: 'error', size: 80, verdict: 'block', method: 'tools/call', id: 'a\u2028b', latencyMs: 0.25, error: { code: -32001, message: `leaked ${secret}` }, notes: [`note ${secret}`, 'plain'], batch: { index: 0, count: 2 }, cancelled: true },
      { type: 'message', ...base, seq: 3, direction: 'client-to-server', kind: 'notification', size: 60, verdict: 'pass', method: 'notifications/cancelled', cancels: 'x', notes: [] },
      { type: 'message', ...base, seq: 4, direction: 'server-to-client', kind: 'error', size: 60, verdict: 'pass', id: null },
      { type: 'warning', ...base, message: `bad ${secret}` },
      { type: 'session-start', ...base, command: 'npx', args: ['-y', `--token=${secret}`], proxyPid: 10, serverPid: 11 },
      { type: 'session-end', ...base, exitCode: null, signal: null, reason: 'client-closed', durationMs: 12.5, messages: 4 },
    ];
    for (const event of events) {
      const line = auditLine(event);
      assert.equal(line, JSON.stringify(auditRecord(event)));
      assert.ok(!line.includes(secret), line);
    }
  });
});
