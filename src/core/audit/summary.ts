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

/** Fields whose values the proxy itself produces from a closed set or a random source: nothing to redact. */
const SAFE_FIELDS = new Set(['sessionId', 'direction', 'kind', 'verdict']);

export function auditRecord(event: ProxyEvent): AuditRecord {
  const record: AuditRecord = { ts: isoTime(event.time), type: event.type };
  for (const key in event) {
    if (key === 'time' || key === 'type') continue;
    const value = (event as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    record[key] = SAFE_FIELDS.has(key) || typeof value === 'number' ? value : redactValue(value);
  }
  return record;
}

/**
 * `JSON.stringify(auditRecord(event))`, built directly: the proxy writes one of these per message,
 * and most of their strings (ids, methods, tool names) recur, so each string's redacted JSON
 * text is remembered instead of being redacted, copied into a record and serialised again.
 * Values of other shapes take the general path; a unit test holds the two to the same output.
 */
export function auditLine(event: ProxyEvent): string {
  let line = `{"ts":"${isoTime(event.time)}","type":${jsonString(event.type)}`;
  for (const key in event) {
    if (key === 'time' || key === 'type') continue;
    const value = (event as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    line += `,${jsonString(key)}:${!SAFE_FIELDS.has(key) ? redactedJson(value) : typeof value === 'string' ? jsonString(value) : JSON.stringify(value)}`;
  }
  return `${line}}`;
}

function redactedJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return jsonString(redactString(value));
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    default:
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return `[${value.map((item: string) => jsonString(redactString(item))).join(',')}]`;
      return JSON.stringify(redactValue(value));
  }
}

// JSON text of strings, remembered like their redactions (bounded the same way).
const encoded = new Map<string, string>();

function jsonString(value: string): string {
  let result = encoded.get(value);
  if (result === undefined) {
    result = JSON.stringify(value);
    if (encoded.size >= MAX_CACHED) encoded.clear();
    if (value.length <= 512) encoded.set(value, result);
  }
  return result;
}

// Formatting a date is a measurable part of the per-message cost; consecutive events mostly
// share their millisecond.
let lastTime = Number.NaN;
let lastIso = '';

function isoTime(time: number): string {
  if (time !== lastTime) {
    lastTime = time;
    lastIso = new Date(time).toISOString();
  }
  return lastIso;
}

// The same few strings (method names, tool names, notes) recur in every session; the secret
// scan runs a few dozen patterns, so its answers are remembered. Bounded: cleared when full.
const redacted = new Map<string, string>();
const MAX_CACHED = 2_000;

function redactString(value: string): string {
  let result = redacted.get(value);
  if (result === undefined) {
    result = redactSecrets(value);
    if (redacted.size >= MAX_CACHED) redacted.clear();
    // Long strings are unlikely to recur; caching them would only hold memory.
    if (value.length <= 512) redacted.set(value, result);
  }
  return result;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = redactValue(inner);
    return out;
  }
  return value;
}
