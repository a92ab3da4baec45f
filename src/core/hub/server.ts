// The hub's listening side, a plain Node class the extension host will own (no vscode import).
// Security rests on three things: the socket sits in a 0700 directory and is itself 0600, a
// connection must send the token from a 0600 file as its first line, and until it has, the hub
// writes nothing to it and acts on nothing it sends.
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { LineFramer } from '../protocol/framer.js';
import type { ProxyEvent } from '../proxy/events.js';
import { ensurePrivateDirectory, withFileLock } from '../state/atomic-file.js';
import { encode, helloSchema, MAX_HUB_LINE_BYTES, proxyToHubSchema, HUB_PROTOCOL_VERSION, type Hello } from './messages.js';
import { hubPaths, type HubPaths } from './paths.js';
import { newToken, tokensEqual, writeToken } from './token.js';

export interface HubConnectionInfo {
  connectionId: number;
  hello: Hello;
}

export interface HubServerOptions {
  stateDir: string;
  onEvent: (event: ProxyEvent, connection: HubConnectionInfo) => void;
  onConnect?: (connection: HubConnectionInfo) => void;
  onDisconnect?: (connection: HubConnectionInfo) => void;
  /** A connection that has not authenticated by then is dropped. */
  handshakeTimeoutMs?: number;
}

export class HubBusyError extends Error {
  constructor(endpoint: string) {
    super(`another MCP Warden hub is already listening on ${endpoint}`);
  }
}

export class HubServer {
  private readonly sockets = new Set<net.Socket>();
  private authenticatedCount = 0;
  /** Connections dropped for a missing or wrong token or an invalid message. */
  rejected = 0;

  private constructor(
    private readonly server: net.Server,
    readonly paths: HubPaths,
  ) {}

  get endpoint(): string {
    return this.paths.endpoint;
  }

  get connections(): number {
    return this.authenticatedCount;
  }

  /**
   * Takes the endpoint and publishes a fresh token. Several windows may try at once (all starting
   * together, or all noticing that the hosting window died): the check for a stale socket, the
   * listen and the token write happen under one lock, and only the process that is listening
   * writes the token, so the file always holds the token of the hub that answers.
   */
  static async start(options: HubServerOptions): Promise<HubServer> {
    const paths = hubPaths(options.stateDir);
    await ensurePrivateDirectory(paths.dir);
    // A fresh token per start: a proxy re-reads it on every connection attempt.
    const token = newToken();
    let nextId = 1;
    const timeout = options.handshakeTimeoutMs ?? 2_000;
    const server = net.createServer();
    const hub = new HubServer(server, paths);
    server.on('connection', (socket) => hub.accept(socket, token, nextId++, timeout, options));
    await withFileLock(path.join(paths.dir, 'takeover'), async () => {
      if (process.platform !== 'win32') await prepareSocketPath(paths.endpoint);
      await listen(server, paths.endpoint);
      try {
        if (process.platform !== 'win32') await fs.chmod(paths.endpoint, 0o600);
        await writeToken(paths.tokenFile, token);
      } catch (error) {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        throw error;
      }
    });
    return hub;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket, token: string, connectionId: number, timeoutMs: number, options: HubServerOptions): void {
    this.sockets.add(socket);
    const framer = new LineFramer(MAX_HUB_LINE_BYTES);
    let info: HubConnectionInfo | undefined;
    const reject = (): void => {
      this.rejected++;
      socket.destroy();
    };
    const timer = setTimeout(() => {
      if (!info) reject();
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of framer.push(chunk)) {
        if (socket.destroyed) return;
        if (frame.type === 'oversize') return reject();
        let value: unknown;
        try {
          value = JSON.parse(frame.body.toString('utf8'));
        } catch {
          return reject();
        }
        if (!info) {
          const hello = helloSchema.safeParse(value);
          if (!hello.success || !tokensEqual(hello.data.token, token)) return reject();
          clearTimeout(timer);
          info = { connectionId, hello: hello.data };
          this.authenticatedCount++;
          socket.write(encode({ type: 'welcome', protocol: HUB_PROTOCOL_VERSION }));
          options.onConnect?.(info);
          continue;
        }
        const message = proxyToHubSchema.safeParse(value);
        if (!message.success || message.data.type !== 'event') return reject();
        options.onEvent(message.data.event, info);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(timer);
      this.sockets.delete(socket);
      if (info) {
        this.authenticatedCount--;
        options.onDisconnect?.(info);
      }
    });
  }
}

/** Listens on `endpoint`; a named pipe already taken (Windows) means another hub is there. */
async function listen(server: net.Server, endpoint: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(endpoint, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new HubBusyError(endpoint) : error;
  });
}

/**
 * Makes the socket's directory private and clears a stale socket file left by a crashed hub,
 * refusing when a live hub still answers there (a second VS Code window, for instance).
 */
async function prepareSocketPath(endpoint: string): Promise<void> {
  const dir = path.dirname(endpoint);
  await ensurePrivateDirectory(dir);
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory() || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) {
    throw new Error(`${dir} is not a directory owned by this user: refusing to put the hub socket there`);
  }
  const existing = await fs.lstat(endpoint).catch(() => undefined);
  if (!existing) return;
  const live = await new Promise<boolean>((resolve) => {
    const probe = net.connect(endpoint);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new HubBusyError(endpoint);
  await fs.rm(endpoint, { force: true });
}
