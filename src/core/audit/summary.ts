// What of a proxy event goes into the audit log: a summary (method, ids, sizes, verdicts), never a
// message body, with secrets redacted from every free-text field that could carry one.
import { redactSecrets } from '../lint/secrets.js';
import type { ProxyEvent } from '../proxy/events.js';

export interface AuditRecord {
  /** ISO 8601 time. */
  ts: string;
  type: ProxyEvent['type'];
  [field: string]: unknown;
}

export function auditRecord(event: ProxyEvent): AuditRecord {
  const { time, type, ...rest } = event;
  const record: AuditRecord = { ts: new Date(time).toISOString(), type };
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    record[key] = redactValue(value);
  }
  return record;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = redactValue(inner);
    return out;
  }
  return value;
}
