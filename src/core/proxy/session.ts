// Pairs requests with responses in both directions and turns each relayed line into message
// events. Knows nothing of processes or streams: the relay feeds it lines and it calls `emit`.
import { idKey, type JsonRpcId, type JsonRpcMessage, type ParsedLine } from '../protocol/jsonrpc.js';
import { BATCH_ERAS, CANCELLED_NOTIFICATION, cancelledRequestId, negotiatedProtocolVersion, requestSubject, requestedProtocolVersion } from '../protocol/mcp.js';
import type { Direction, EventSink, MessageEvent, VerdictAction } from './events.js';
import type { PolicyContext } from './policy.js';

export interface SessionOptions {
  sessionId: string;
  serverId: string;
  emit: EventSink;
  /** Monotonic milliseconds, for latencies. */
  monotonic?: () => number;
  /** Wall-clock milliseconds since the epoch, for timestamps. */
  now?: () => number;
  /**
   * Requests waiting for a response, per direction, beyond which the oldest is forgotten: a peer
   * that never answers must not make the proxy's memory grow without bound.
   */
  maxPending?: number;
}

interface PendingRequest {
  method: string;
  subject?: string;
  startedAt: number;
  cancelled: boolean;
  /** What a policy sees of this request when its answer comes (PolicyContext.request), built once. */
  context: { method: string; subject?: string };
}

/** What the session learnt about one message, before the policy's verdict. */
export interface MessageInfo {
  direction: Direction;
  message: JsonRpcMessage | { kind: 'non-json' };
  size: number;
  batch?: { index: number; count: number };
  /** For requests: the tool or prompt name, or resource URI, they are about. */
  subject?: string;
  /** For responses: the request answered (removed from the pending table). */
  request?: PendingRequest;
  latencyMs?: number;
  notes: string[];
}

export function opposite(direction: Direction): Direction {
  return direction === 'client-to-server' ? 'server-to-client' : 'client-to-server';
}

export class ProxySession {
  readonly sessionId: string;
  readonly serverId: string;
  /** Requested by the client's initialize until the server's answer confirms or replaces it. */
  protocolVersion: string | undefined;
  private readonly pending: Record<Direction, Map<string, PendingRequest>> = {
    'client-to-server': new Map(),
    'server-to-client': new Map(),
  };
  private seq = 0;
  private readonly emit: EventSink;
  private readonly monotonic: () => number;
  private readonly now: () => number;
  private readonly maxPending: number;
  private warnedEviction = false;

  constructor(options: SessionOptions) {
    this.sessionId = options.sessionId;
    this.serverId = options.serverId;
    this.emit = options.emit;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.now = options.now ?? Date.now;
    this.maxPending = options.maxPending ?? 10_000;
  }

  get messageCount(): number {
    return this.seq;
  }

  /** Requests still waiting for an answer in the given direction. */
  pendingCount(direction: Direction): number {
    return this.pending[direction].size;
  }

  /** Reads one line (already parsed) and updates the pairing tables. Returns one info per message (several for a batch). */
  inspect(direction: Direction, parsed: ParsedLine, size: number): MessageInfo[] {
    if (parsed.kind === 'batch') {
      const count = parsed.items.length;
      const eraNote = this.protocolVersion !== undefined && BATCH_ERAS.has(this.protocolVersion) ? [] : [`batch outside a protocol revision that allows batches (${this.protocolVersion ?? 'before initialize'})`];
      return parsed.items.map((item, index) => {
        const info = this.inspectOne(direction, item, size);
        info.batch = { index, count };
        if (index === 0) info.notes.push(...eraNote);
        return info;
      });
    }
    if (parsed.kind === 'non-json') return [{ direction, message: parsed, size, notes: [`not JSON: ${parsed.reason}`] }];
    return [this.inspectOne(direction, parsed, size)];
  }

  /** The context a policy sees for one message. */
  context(info: MessageInfo): PolicyContext {
    const context: PolicyContext = { sessionId: this.sessionId, serverId: this.serverId };
    if (this.protocolVersion !== undefined) context.protocolVersion = this.protocolVersion;
    if (info.request) context.request = info.request.context;
    return context;
  }

  /** Forgets a request the proxy answered itself (a blocked request), so it does not linger as pending. */
  forget(direction: Direction, id: JsonRpcId): void {
    this.pending[direction].delete(idKey(id));
  }

  /** Emits the message event for one inspected message, with the verdict it got. */
  record(info: MessageInfo, verdict: VerdictAction, extraNotes: readonly string[] = []): MessageEvent {
    const message = info.message;
    const event: MessageEvent = {
      type: 'message',
      sessionId: this.sessionId,
      serverId: this.serverId,
      time: this.now(),
      seq: ++this.seq,
      direction: info.direction,
      kind: message.kind,
      size: info.size,
      verdict,
    };
    if (message.kind === 'request' || message.kind === 'notification') event.method = message.method;
    if (message.kind === 'request' || message.kind === 'response' || message.kind === 'error') event.id = message.id;
    if (info.subject !== undefined) event.subject = info.subject;
    if (info.request) {
      event.method = info.request.method;
      if (info.request.subject !== undefined) event.subject = info.request.subject;
      if (info.request.cancelled) event.cancelled = true;
    }
    if (info.latencyMs !== undefined) event.latencyMs = info.latencyMs;
    if (message.kind === 'error') event.error = { code: message.error.code, message: message.error.message };
    if (message.kind === 'notification' && message.method === CANCELLED_NOTIFICATION) {
      const cancels = cancelledRequestId(message.params);
      if (cancels !== undefined) event.cancels = cancels;
    }
    if (info.batch) event.batch = info.batch;
    // Most messages carry no notes: no array is built for them.
    if (info.notes.length > 0 || extraNotes.length > 0) event.notes = extraNotes.length === 0 ? [...info.notes] : [...info.notes, ...extraNotes];
    this.emit(event);
    return event;
  }

  /** Records a line too long to inspect, relayed (or dropped) without parsing. */
  recordOversize(direction: Direction, size: number, verdict: VerdictAction): void {
    this.emit({
      type: 'message',
      sessionId: this.sessionId,
      serverId: this.serverId,
      time: this.now(),
      seq: ++this.seq,
      direction,
      kind: 'oversize',
      size,
      verdict,
      notes: ['line longer than the inspection limit: not parsed'],
    });
  }

  warn(message: string): void {
    this.emit({ type: 'warning', sessionId: this.sessionId, serverId: this.serverId, time: this.now(), message });
  }

  private inspectOne(direction: Direction, message: JsonRpcMessage, size: number): MessageInfo {
    const info: MessageInfo = { direction, message, size, notes: [] };
    switch (message.kind) {
      case 'request': {
        const table = this.pending[direction];
        const key = idKey(message.id);
        if (table.has(key)) info.notes.push(`duplicate request id ${JSON.stringify(message.id)} while the first is pending`);
        const subject = requestSubject(message.method, message.params);
        const pending: PendingRequest =
          subject === undefined
            ? { method: message.method, startedAt: this.monotonic(), cancelled: false, context: { method: message.method } }
            : { method: message.method, subject, startedAt: this.monotonic(), cancelled: false, context: { method: message.method, subject } };
        if (subject !== undefined) info.subject = subject;
        table.set(key, pending);
        this.evict(table);
        const requested = requestedProtocolVersion(message.method, message.params);
        if (requested !== undefined) this.protocolVersion = requested;
        break;
      }
      case 'response':
      case 'error': {
        if (message.id === null) break;
        const table = this.pending[opposite(direction)];
        const key = idKey(message.id);
        const request = table.get(key);
        if (!request) {
          info.notes.push(`no pending request with id ${JSON.stringify(message.id)}`);
          break;
        }
        table.delete(key);
        info.request = request;
        info.latencyMs = this.monotonic() - request.startedAt;
        if (message.kind === 'response' && request.method === 'initialize') {
          const negotiated = negotiatedProtocolVersion(message.result);
          if (negotiated !== undefined) this.protocolVersion = negotiated;
        }
        break;
      }
      case 'notification': {
        if (message.method !== CANCELLED_NOTIFICATION) break;
        // The sender of a cancellation is the sender of the request it cancels.
        const id = cancelledRequestId(message.params);
        const request = id === undefined ? undefined : this.pending[direction].get(idKey(id));
        if (request) request.cancelled = true;
        else info.notes.push(`cancels unknown request ${JSON.stringify(id)}`);
        break;
      }
      case 'invalid':
        info.notes.push(`not JSON-RPC: ${message.reason}`);
        break;
    }
    return info;
  }

  private evict(table: Map<string, PendingRequest>): void {
    if (table.size <= this.maxPending) return;
    const oldest = table.keys().next().value;
    if (oldest !== undefined) table.delete(oldest);
    if (!this.warnedEviction) {
      this.warnedEviction = true;
      this.warn(`more than ${this.maxPending} requests pending: forgetting the oldest`);
    }
  }
}
