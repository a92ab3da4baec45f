// The hook pinning and detection plug into. Every message passes through it before it is relayed;
// in this issue the proxy runs `passAll`, but the relay honours every verdict.
import { parseLine, type JsonRpcErrorObject, type ParsedLine } from '../protocol/jsonrpc.js';
import type { Direction } from './events.js';

export type Verdict =
  /** Relay the original bytes untouched. */
  | { action: 'pass' }
  /** Relay the original bytes untouched and record the notes (a warning the user should see). */
  | { action: 'annotate'; notes: string[] }
  /** Relay these bytes instead (one complete line; a missing trailing newline is added). */
  | { action: 'rewrite'; bytes: Buffer; notes?: string[] }
  /**
   * Do not relay. A blocked request is answered to its sender with `error`; a blocked response
   * is replaced by `error` for its receiver (so the caller is not left waiting); a blocked
   * notification or non-JSON line is dropped.
   */
  | { action: 'block'; error?: JsonRpcErrorObject; notes?: string[] };

export interface InspectedMessage {
  direction: Direction;
  /** The bytes as they arrived, terminator included. */
  raw: Buffer;
  /** The line without its terminator. */
  body: Buffer;
  parsed: ParsedLine;
}

export interface PolicyContext {
  sessionId: string;
  serverId: string;
  /** The protocol revision negotiated by initialize, once known. */
  protocolVersion?: string;
  /** For a response or error: the request it answers, when the proxy saw it. */
  request?: { method: string; subject?: string };
}

export type Policy = (message: InspectedMessage, context: PolicyContext) => Verdict | Promise<Verdict>;

export const PASS: Verdict = Object.freeze({ action: 'pass' }) as Verdict;

export const passAll: Policy = () => PASS;

/** The error a block sends when the policy gives none. -32001 is in the implementation-defined server-error range. */
export const DEFAULT_BLOCK_ERROR: JsonRpcErrorObject = { code: -32001, message: 'Blocked by MCP Warden policy' };

/** The message a rewrite hands to the next policy: its bytes re-parsed, one line with its terminator. */
function rewritten(direction: InspectedMessage['direction'], bytes: Buffer): InspectedMessage {
  const terminated = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a;
  const raw = terminated ? bytes : Buffer.concat([bytes, Buffer.from('\n')]);
  let end = raw.length - 1;
  if (end > 0 && raw[end - 1] === 0x0d) end--;
  const body = raw.subarray(0, end);
  return { direction, raw, body, parsed: parseLine(body) };
}

/**
 * Runs policies in order on one message (e.g. pins, then detection). A block wins at once (with
 * every note gathered so far); a rewrite's bytes become the next policy's message (re-parsed);
 * notes accumulate. The result is a rewrite when any policy rewrote, else an annotation when any
 * noted something, else pass, so untouched messages keep their original bytes. Stays synchronous
 * while every policy answers synchronously (the relay's fast path).
 */
export function composePolicies(...policies: Policy[]): Policy {
  if (policies.length === 1) return policies[0]!;
  return (message, context) => composeFrom(policies, 0, message, context, undefined, undefined);
}

/**
 * Runs `policies` from `index` on. Written as a loop over plain values rather than closures: it runs
 * for every message, and on the usual path (every policy passes) it allocates nothing.
 */
function composeFrom(policies: readonly Policy[], index: number, original: InspectedMessage, context: PolicyContext, notes: string[] | undefined, bytes: Buffer | undefined): Verdict | Promise<Verdict> {
  let current = bytes ? rewritten(original.direction, bytes) : original;
  for (let i = index; i < policies.length; i++) {
    const verdict = policies[i]!(current, context);
    if (verdict instanceof Promise) {
      const gathered = notes;
      const written = bytes;
      return verdict.then((settled) => {
        const step = stepOf(settled, gathered, written);
        return step.done ?? composeFrom(policies, i + 1, original, context, step.notes, step.bytes);
      });
    }
    if (verdict.action === 'pass') continue;
    if (verdict.notes && verdict.notes.length > 0) notes = notes ? [...notes, ...verdict.notes] : [...verdict.notes];
    if (verdict.action === 'block') return notes ? { ...verdict, notes } : verdict;
    if (verdict.action === 'rewrite') {
      bytes = verdict.bytes;
      current = rewritten(original.direction, bytes);
    }
  }
  if (bytes) return notes ? { action: 'rewrite', bytes, notes } : { action: 'rewrite', bytes };
  return notes ? { action: 'annotate', notes } : PASS;
}

/** One settled verdict folded into what the earlier policies gathered (the asynchronous path). */
function stepOf(verdict: Verdict, notes: string[] | undefined, bytes: Buffer | undefined): { done?: Verdict; notes: string[] | undefined; bytes: Buffer | undefined } {
  if (verdict.action === 'pass') return { notes, bytes };
  const gathered = verdict.notes && verdict.notes.length > 0 ? [...(notes ?? []), ...verdict.notes] : notes;
  if (verdict.action === 'block') return { done: gathered ? { ...verdict, notes: gathered } : verdict, notes: gathered, bytes };
  return { notes: gathered, bytes: verdict.action === 'rewrite' ? verdict.bytes : bytes };
}
