// The hook pinning and detection plug into. Every message passes through it before it is relayed;
// in this issue the proxy runs `passAll`, but the relay honours every verdict.
import type { JsonRpcErrorObject, ParsedLine } from '../protocol/jsonrpc.js';
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
