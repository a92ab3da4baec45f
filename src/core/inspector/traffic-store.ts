// The Inspector's memory: sessions and the last N messages of every protected server, fed by the
// hub (live) and by the audit-log tail (sessions this window did not receive live). Bounded: the
// oldest messages go first, then the oldest ended sessions. The same message may arrive from
// both feeds; (sessionId, seq) identifies it, so it is kept once.
import type { ProxyEvent } from '../proxy/events.js';
import { messageEventOf, type MessageView, type SessionView } from '../webview-messages.js';

export type FeedSource = 'live' | 'audit';

export interface TrafficChange {
  /** Sessions created or changed by this batch (their current state). */
  sessions: SessionView[];
  /** Messages added by this batch, in order. */
  messages: MessageView[];
  /** Messages with a smaller key are gone. */
  firstKey: number;
}

export interface TrafficStoreOptions {
  maxMessages?: number;
  maxSessions?: number;
  /** Names a server id (inventory name and client), when known. */
  describe?: (serverId: string) => { serverName?: string; client?: string } | undefined;
}

const MAX_WARNINGS_PER_SESSION = 20;

interface SessionState {
  view: SessionView;
  /** Seqs of this session's messages still retained: the duplicate check. */
  seqs: Set<number>;
  warningKeys: Set<string>;
}

export class TrafficStore {
  readonly maxMessages: number;
  readonly maxSessions: number;
  private readonly sessionMap = new Map<string, SessionState>();
  /** A deque: live entries are items[head…]. */
  private items: MessageView[] = [];
  private head = 0;
  private nextKey = 1;
  private readonly listeners = new Set<(change: TrafficChange) => void>();

  constructor(private readonly options: TrafficStoreOptions = {}) {
    this.maxMessages = Math.max(1, options.maxMessages ?? 5_000);
    this.maxSessions = Math.max(1, options.maxSessions ?? 500);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  get firstKey(): number {
    return this.items[this.head]?.key ?? this.nextKey;
  }

  onChange(listener: (change: TrafficChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(event: ProxyEvent, source: FeedSource): void {
    this.addMany([event], source);
  }

  addMany(events: readonly ProxyEvent[], source: FeedSource): void {
    const changed = new Map<string, SessionState>();
    const added: MessageView[] = [];
    for (const event of events) {
      const state = this.sessionFor(event, source);
      switch (event.type) {
        case 'session-start': {
          const view = state.view;
          view.start = event.time;
          view.command = event.command;
          view.args = event.args;
          view.proxyPid = event.proxyPid;
          if (event.serverPid !== undefined) view.serverPid = event.serverPid;
          break;
        }
        case 'session-end': {
          const view = state.view;
          view.end = event.time;
          view.exitCode = event.exitCode;
          view.signal = event.signal;
          view.reason = event.reason;
          view.total = event.messages;
          break;
        }
        case 'warning': {
          const key = `${event.time}\u0000${event.message}`;
          if (state.warningKeys.has(key)) break;
          state.warningKeys.add(key);
          state.view.warnings.push(event.message);
          if (state.view.warnings.length > MAX_WARNINGS_PER_SESSION) state.view.warnings.shift();
          break;
        }
        case 'message': {
          if (state.seqs.has(event.seq)) continue;
          state.seqs.add(event.seq);
          state.view.seen++;
          if (event.kind === 'error' || event.kind === 'invalid' || event.kind === 'non-json' || event.kind === 'oversize') state.view.errors++;
          const message: MessageView = { ...event, key: this.nextKey++ };
          this.items.push(message);
          added.push(message);
          break;
        }
      }
      changed.set(state.view.sessionId, state);
    }
    this.evict();
    if (changed.size === 0 && added.length === 0) return;
    const change: TrafficChange = {
      sessions: [...changed.values()].filter((state) => this.sessionMap.has(state.view.sessionId)).map((state) => ({ ...state.view, warnings: [...state.view.warnings] })),
      messages: added.filter((message) => message.key >= this.firstKey),
      firstKey: this.firstKey,
    };
    for (const listener of this.listeners) listener(change);
  }

  /** Every retained session, oldest start first (copies). */
  sessions(): SessionView[] {
    return [...this.sessionMap.values()].map((state) => ({ ...state.view, warnings: [...state.view.warnings] })).sort((a, b) => a.start - b.start);
  }

  session(sessionId: string): SessionView | undefined {
    const state = this.sessionMap.get(sessionId);
    return state ? { ...state.view, warnings: [...state.view.warnings] } : undefined;
  }

  /** Retained messages in arrival order, optionally of one session. */
  messages(sessionId?: string): MessageView[] {
    const all = this.items.slice(this.head);
    return sessionId === undefined ? all : all.filter((message) => message.sessionId === sessionId);
  }

  /**
   * A session as JSONL of proxy events (the audit log's event shape, with `time`): its start,
   * the retained messages in order, its warnings, its end. Undefined for an unknown session.
   */
  exportSession(sessionId: string): string | undefined {
    const state = this.sessionMap.get(sessionId);
    if (!state) return undefined;
    const view = state.view;
    const base = { sessionId: view.sessionId, serverId: view.serverId };
    const lines: ProxyEvent[] = [];
    if (view.command !== undefined && view.proxyPid !== undefined) {
      lines.push({ type: 'session-start', ...base, time: view.start, command: view.command, args: view.args ?? [], proxyPid: view.proxyPid, ...(view.serverPid !== undefined ? { serverPid: view.serverPid } : {}) });
    }
    for (const message of this.messages(sessionId)) lines.push(messageEventOf(message));
    for (const warning of view.warnings) lines.push({ type: 'warning', ...base, time: view.end ?? view.start, message: warning });
    if (view.end !== undefined) {
      lines.push({ type: 'session-end', ...base, time: view.end, exitCode: view.exitCode ?? null, signal: view.signal ?? null, reason: view.reason ?? 'unknown', durationMs: view.end - view.start, messages: view.total ?? view.seen });
    }
    return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
  }

  private sessionFor(event: ProxyEvent, source: FeedSource): SessionState {
    let state = this.sessionMap.get(event.sessionId);
    if (!state) {
      const described = this.options.describe?.(event.serverId);
      state = {
        view: {
          sessionId: event.sessionId,
          serverId: event.serverId,
          ...(described?.serverName !== undefined ? { serverName: described.serverName } : {}),
          ...(described?.client !== undefined ? { client: described.client } : {}),
          start: event.time,
          seen: 0,
          errors: 0,
          warnings: [],
          source,
        },
        seqs: new Set(),
        warningKeys: new Set(),
      };
      this.sessionMap.set(event.sessionId, state);
    } else if (source === 'live') {
      state.view.source = 'live';
    }
    return state;
  }

  private evict(): void {
    while (this.size > this.maxMessages) {
      const message = this.items[this.head]!;
      this.sessionMap.get(message.sessionId)?.seqs.delete(message.seq);
      this.head++;
    }
    // Compact once the dead prefix is as large as the live part: amortised O(1) per message.
    if (this.head > 1024 && this.head >= this.size) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.sessionMap.size <= this.maxSessions) return;
    const retained = new Set(this.items.slice(this.head).map((message) => message.sessionId));
    const byAge = [...this.sessionMap.values()].sort((a, b) => a.view.start - b.view.start);
    // Ended sessions with no retained messages first, then ended ones, then any.
    const order = [
      ...byAge.filter((s) => s.view.end !== undefined && !retained.has(s.view.sessionId)),
      ...byAge.filter((s) => s.view.end !== undefined && retained.has(s.view.sessionId)),
      ...byAge.filter((s) => s.view.end === undefined),
    ];
    for (const state of order) {
      if (this.sessionMap.size <= this.maxSessions) break;
      this.sessionMap.delete(state.view.sessionId);
    }
    // Messages of a dropped session would be orphans in the view: leave them to age out, the
    // webview shows them under their server id.
  }
}
