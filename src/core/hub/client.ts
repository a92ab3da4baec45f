// The proxy's side of the hub: streams events to the extension when it is reachable. Traffic
// never waits on it: when the hub is absent, slow or gone, events are dropped here (the audit log
// still has them) and the client reconnects with exponential backoff in the background.
import net from 'node:net';
import type { ProxyEvent } from '../proxy/events.js';
import { encode, hubToProxySchema, HUB_PROTOCOL_VERSION, MAX_HUB_LINE_BYTES, type Hello } from './messages.js';
import { hubPaths } from './paths.js';
import { readTokenSync } from './token.js';
import { LineFramer } from '../protocol/framer.js';

export interface HubClientOptions {
  stateDir: string;
  identity: Omit<Hello, 'type' | 'protocol' | 'token'>;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Unsent bytes beyond which events are dropped rather than queued (a stalled hub). */
  maxBufferedBytes?: number;
  /** Events kept while the first connection attempt is in flight, so a live hub sees session-start. */
  maxEarlyEvents?: number;
}

export type HubClientState = 'connecting' | 'connected' | 'waiting' | 'closed';

export class HubClient {
  state: HubClientState = 'waiting';
  /** Events not delivered to the hub (it was unreachable or stalled). */
  dropped = 0;
  /** Authenticated connections made, reconnections included. */
  connects = 0;
  private socket: net.Socket | undefined;
  private welcomed = false;
  private backoffMs: number;
  private timer: NodeJS.Timeout | undefined;
  private early: ProxyEvent[] | undefined = [];
  private readonly endpoint: string;
  private readonly tokenFile: string;

  constructor(private readonly options: HubClientOptions) {
    const paths = hubPaths(options.stateDir);
    this.endpoint = paths.endpoint;
    this.tokenFile = paths.tokenFile;
    this.backoffMs = options.initialBackoffMs ?? 200;
  }

  start(): void {
    this.connect();
  }

  send(event: ProxyEvent): void {
    const socket = this.socket;
    if (this.state === 'connected' && socket) {
      if (socket.writableLength > (this.options.maxBufferedBytes ?? 1024 * 1024)) {
        this.dropped++;
        return;
      }
      socket.write(encode({ type: 'event', event }));
      return;
    }
    if (this.early && this.early.length < (this.options.maxEarlyEvents ?? 1000)) this.early.push(event);
    else this.dropped++;
  }

  /** Sends several events in one write (the socket is corked around them). */
  sendAll(events: readonly ProxyEvent[]): void {
    const socket = this.state === 'connected' ? this.socket : undefined;
    socket?.cork();
    for (const event of events) this.send(event);
    socket?.uncork();
  }

  /** Stops reconnecting and lets queued bytes go out. */
  close(): void {
    this.state = 'closed';
    if (this.timer) clearTimeout(this.timer);
    this.socket?.end();
    this.socket?.unref();
  }

  private connect(): void {
    if (this.state === 'closed') return;
    const token = readTokenSync(this.tokenFile);
    if (!token) return this.retry();
    this.state = 'connecting';
    this.welcomed = false;
    const socket = net.connect(this.endpoint);
    socket.unref();
    this.socket = socket;
    const framer = new LineFramer(MAX_HUB_LINE_BYTES);
    socket.once('connect', () => {
      const hello: Hello = { type: 'hello', protocol: HUB_PROTOCOL_VERSION, token, ...this.options.identity };
      socket.write(encode(hello));
      this.state = 'connected';
      const early = this.early ?? [];
      this.early = undefined;
      for (const event of early) this.send(event);
    });
    socket.on('data', (chunk: Buffer) => {
      for (const frame of framer.push(chunk)) {
        if (frame.type === 'oversize') return socket.destroy();
        let value: unknown;
        try {
          value = JSON.parse(frame.body.toString('utf8'));
        } catch {
          return socket.destroy();
        }
        const message = hubToProxySchema.safeParse(value);
        if (!message.success) return socket.destroy();
        if (message.data.type === 'welcome' && !this.welcomed) {
          this.welcomed = true;
          this.connects++;
          this.backoffMs = this.options.initialBackoffMs ?? 200;
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.retry();
    });
  }

  private retry(): void {
    // The first attempt failed: nobody will read the early events.
    if (this.early) {
      this.dropped += this.early.length;
      this.early = undefined;
    }
    if (this.state === 'closed') return;
    this.state = 'waiting';
    const delay = this.backoffMs * (0.75 + Math.random() * 0.5);
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 10_000);
    this.timer = setTimeout(() => this.connect(), delay);
    this.timer.unref();
  }
}
