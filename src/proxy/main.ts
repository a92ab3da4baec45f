// warden-proxy: started by an MCP client in place of a stdio server, it starts the real server
// and relays every line between them through the session and the policy.
//
//   node warden-proxy.cjs --server <id> [--state-dir DIR] -- <command> <args…>
//
// Bundled on its own (dist/warden-proxy.cjs) and kept free of heavy imports: some clients wait
// only about a second for a server to answer.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../core/audit/audit-log.js';
import { auditLine } from '../core/audit/summary.js';
import { HubClient } from '../core/hub/client.js';
import { PinPolicy, readFirstSightSetting } from '../core/pins/pin-policy.js';
import { detectPolicyFor } from '../core/proxy/detect-policy.js';
import type { Direction, ProxyEvent } from '../core/proxy/events.js';
import { composePolicies } from '../core/proxy/policy.js';
import { Relay } from '../core/proxy/relay.js';
import { ProxySession } from '../core/proxy/session.js';
import { stateDirectory } from '../core/state/state-dir.js';
import { parseProxyArgs, UsageError, USAGE, type ProxyArgs } from './args.js';
import { planSpawn } from './command.js';
import { signalTree } from './terminate.js';

function fail(message: string, code: number): never {
  process.stderr.write(`warden-proxy: ${message}\n`);
  process.exit(code);
}

let options: ProxyArgs;
try {
  options = parseProxyArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) fail(`${error.message}\n${USAGE}`, 2);
  throw error;
}

// Installed first, so a client that stops us at once (SIGTERM right after launch) never leaves a
// server behind: a signal that arrives before the server is spawned is acted on once it is.
let earlySignal: NodeJS.Signals | undefined;
let onSignal: ((signal: NodeJS.Signals) => void) | undefined = undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => (onSignal ? onSignal(signal) : (earlySignal = signal)));
}

const stateDir = options.stateDir ?? stateDirectory({ platform: process.platform as 'linux' | 'darwin' | 'win32', homedir: os.homedir(), env: process.env });
const sessionId = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`;
const startedAt = Date.now();
const audit = options.audit ? new AuditLog({ dir: path.join(stateDir, 'audit') }) : undefined;
const hub = options.hub ? new HubClient({ stateDir, identity: { proxyPid: process.pid, serverId: options.serverId, sessionId } }) : undefined;
hub?.start();

// Events are summarised for the audit log and sent to the hub in batches, never between a message
// and its peer: those of a chunk once the chunk's lines have been written (see relayChunk), the
// others (session start, verdicts that settled later) once the current turn's I/O is done
// (setImmediate). A chunk thus needs no extra turn of the event loop for its events, and the hub
// still gets one write per batch.
let queuedEvents: ProxyEvent[] = [];
/** True while a chunk is relayed: its events are flushed when it is done. */
let relaying = false;

function emit(event: ProxyEvent): void {
  if (!audit && !hub) return;
  if (queuedEvents.push(event) === 1 && !relaying) setImmediate(flushEvents);
}

function flushEvents(): void {
  const events = queuedEvents;
  queuedEvents = [];
  if (audit) {
    for (const event of events) {
      try {
        audit.appendJson(auditLine(event));
      } catch {
        // The log is a record, not a gate: a summary that cannot be written is counted, not fatal.
        audit.failures++;
      }
    }
  }
  hub?.sendAll(events);
}

const session = new ProxySession({ sessionId, serverId: options.serverId, emit });

// warden-node (src/core/protect/install.ts) set ELECTRON_RUN_AS_NODE so the editor's executable
// would run this proxy as Node.js; the server gets the environment its client gave, without it.
if (process.env.MCP_WARDEN_RUN_AS_NODE_ADDED === '1') {
  delete process.env.ELECTRON_RUN_AS_NODE;
  delete process.env.MCP_WARDEN_RUN_AS_NODE_ADDED;
}

const plan = planSpawn(options.command, options.args, {
  platform: process.platform,
  env: process.env,
  cwd: process.cwd(),
  isFile: (file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false,
});

// detached on POSIX puts the server in its own process group, so the whole tree it starts
// (npx → node, uvx → python, …) can be signalled at once and nothing is orphaned.
const child = spawn(plan.file, plan.args, {
  stdio: ['pipe', 'pipe', 'inherit'],
  detached: process.platform !== 'win32',
  windowsHide: true,
  windowsVerbatimArguments: plan.windowsVerbatimArguments,
});

let endReason = 'server-exit';
let finished = false;
let spawned = false;
let shutdownTimers: NodeJS.Timeout[] = [];
let pendingStop: (() => void) | undefined;
let stopDeadline: number | undefined;

child.once('spawn', () => {
  spawned = true;
  pendingStop?.();
  emit({ type: 'session-start', sessionId, serverId: options.serverId, time: startedAt, command: options.command, args: options.args, proxyPid: process.pid, ...(child.pid ? { serverPid: child.pid } : {}) });
});

child.once('error', (error: NodeJS.ErrnoException) => {
  if (spawned) return; // Errors after start surface as exit; the streams report their own.
  const reason = error.code === 'ENOENT' ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : 'could not start';
  process.stderr.write(`warden-proxy: cannot start server "${options.serverId}": ${reason}: ${options.command} (${error.message})\n`);
  endReason = 'spawn-error';
  finish(error.code === 'ENOENT' ? 127 : error.code === 'EACCES' ? 126 : 1, null);
});

// --- client → server -------------------------------------------------------------------------

// Pinning (docs/pinning.md) is the policy: list results and initialize are checked against the
// pins, calls of withheld items are refused; every other message passes synchronously. Without
// any policy the relay only observes, forwarding each chunk as it arrives and inspecting a copy.
const pins = options.pins
  ? new PinPolicy({
      stateDir,
      serverId: options.serverId,
      launch: { command: options.command, args: options.args },
      firstSight: options.firstSight ?? readFirstSightSetting(stateDir) ?? 'trust',
      notifyClient: (line) => toClient(line),
      warn: (message) => session.warn(message),
    })
  : undefined;

// Detection (docs/detectors.md, "In the proxy") runs after pinning, on what pinning let through.
const detect = detectPolicyFor({ stateDir, serverId: options.serverId, ...(options.detect ? { mode: options.detect } : {}), warn: (message) => session.warn(message) });
const policy = pins && detect ? composePolicies(pins.policy, detect) : (pins?.policy ?? detect);

const relay = new Relay({
  session,
  ...(policy ? { policy } : {}),
  ...(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {}),
  send: (to, bytes) => (to === 'server' ? toServer(bytes) : toClient(bytes)),
});

/** Pauses a source until every reason to hold it (full pipe, pending verdict) is gone. */
function holder(stream: NodeJS.ReadableStream): { hold: () => () => void } {
  let holds = 0;
  return {
    hold() {
      if (holds++ === 0) stream.pause();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--holds === 0) stream.resume();
      };
    },
  };
}

const clientInput = holder(process.stdin);
const serverOutput = holder(child.stdout);

/**
 * While `target` is full, the side feeding it stays paused until it drains (or closes). One hold
 * and one pair of listeners per full period, removed together, so sustained backpressure never
 * piles listeners up on the stream.
 */
function pauseWhileFull(target: NodeJS.WritableStream, source: ReturnType<typeof holder>): () => void {
  let waiting = false;
  return () => {
    if (waiting) return;
    waiting = true;
    const release = source.hold();
    const resume = (): void => {
      target.off('drain', resume);
      target.off('close', resume);
      waiting = false;
      release();
    };
    target.once('drain', resume);
    target.once('close', resume);
  };
}

interface Outlet {
  stream: NodeJS.WritableStream & { cork(): void; uncork(): void; destroyed: boolean; writableEnded: boolean };
  /** Called when a write filled the stream's buffer. */
  full: () => void;
  /** Lines gathered while a chunk is relayed. */
  gathered: Buffer[];
}

const toServerOutlet: Outlet = { stream: child.stdin, full: pauseWhileFull(child.stdin, clientInput), gathered: [] };
const toClientOutlet: Outlet = { stream: process.stdout, full: pauseWhileFull(process.stdout, serverOutput), gathered: [] };

/**
 * With a policy, the lines relayed while one chunk is processed are gathered and leave in one
 * system call when the chunk is done, instead of one write per line or a cork released on a later
 * microtask. Lines that lie next to each other in the chunk they came in (every line of a chunk
 * that passed untouched) are joined back into one view of that chunk, without copying, so the
 * usual chunk leaves in one plain write rather than a writev of its lines. Lines sent at any other
 * time (after an asynchronous verdict, a notification of the pin policy) go at once. Without a
 * policy the relay forwards each chunk before inspecting it, so nothing is gathered.
 */
let gathering = false;

function send(outlet: Outlet, bytes: Buffer): void {
  if (!gathering) {
    write(outlet, [bytes]);
    return;
  }
  const gathered = outlet.gathered;
  const last = gathered.length === 0 ? undefined : gathered[gathered.length - 1]!;
  // Same memory, `bytes` starting where `last` ends: the wider view holds exactly the two lines, in order.
  if (last !== undefined && last.buffer === bytes.buffer && last.byteOffset + last.length === bytes.byteOffset) {
    gathered[gathered.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + bytes.length);
  } else gathered.push(bytes);
}

function write(outlet: Outlet, buffers: readonly Buffer[]): void {
  const stream = outlet.stream;
  if (stream.destroyed || stream.writableEnded) return;
  if (buffers.length > 1) stream.cork();
  let room = true;
  for (const bytes of buffers) room = stream.write(bytes);
  if (buffers.length > 1) stream.uncork();
  if (!room) outlet.full();
}

function flushGathered(outlet: Outlet): void {
  if (outlet.gathered.length === 0) return;
  const buffers = outlet.gathered;
  outlet.gathered = [];
  write(outlet, buffers);
}

function relayChunk(direction: Direction, chunk: Buffer): Promise<void> | undefined {
  gathering = policy !== undefined;
  relaying = true;
  try {
    return relay.push(direction, chunk);
  } finally {
    gathering = false;
    relaying = false;
    flushGathered(toServerOutlet);
    flushGathered(toClientOutlet);
    // The chunk's lines are on their way: now its events (an immediate queued earlier finds none).
    if (queuedEvents.length > 0) flushEvents();
  }
}

function toServer(bytes: Buffer): void {
  send(toServerOutlet, bytes);
}

function toClient(bytes: Buffer): void {
  send(toClientOutlet, bytes);
}

process.stdin.on('data', (chunk: Buffer) => {
  const pending = relayChunk('client-to-server', chunk);
  if (pending) void pending.then(clientInput.hold());
});

process.stdin.once('end', () => {
  // The client went away (or closed its side): pass the EOF on, then make sure the server goes.
  void Promise.resolve(relay.end('client-to-server')).then(() => {
    child.stdin.end();
    if (!finished) stopServer('client-closed', options.graceMs);
  });
});

process.stdin.on('error', () => {
  // The client's end of the pipe broke: treat it as the client going away.
  if (!finished) stopServer('client-closed', 0);
});

child.stdin.on('error', () => {
  // EPIPE: the server exited or closed its stdin; its exit is handled below.
});

// --- server → client -------------------------------------------------------------------------

child.stdout.on('data', (chunk: Buffer) => {
  const pending = relayChunk('server-to-client', chunk);
  if (pending) void pending.then(serverOutput.hold());
});

process.stdout.on('error', () => {
  // EPIPE: the client is gone and nobody reads the server's answers.
  if (!finished) stopServer('client-closed', 0);
});

// --- lifecycle -------------------------------------------------------------------------------

/**
 * Stops the server the way the MCP spec's stdio shutdown asks: stdin closed (done by the caller),
 * then SIGTERM after `graceMs` if it has not exited, then SIGKILL after another grace period.
 */
function stopServer(reason: string, graceMs: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (endReason === 'server-exit') endReason = reason;
  if (!spawned) {
    pendingStop = () => stopServer(reason, graceMs, signal);
    return;
  }
  // A later, more urgent stop (the client signals us during the grace period) replaces an earlier one.
  const deadline = Date.now() + graceMs;
  if (stopDeadline !== undefined && stopDeadline <= deadline) return;
  stopDeadline = deadline;
  for (const timer of shutdownTimers) clearTimeout(timer);
  const term = setTimeout(() => signalTree(child, signal), graceMs);
  const kill = setTimeout(() => signalTree(child, 'SIGKILL'), graceMs + Math.max(options.graceMs, 500));
  shutdownTimers = [term, kill];
}

// Handlers were installed before the spawn (see the top); from here on they act on the server.
onSignal = (signal) => {
  child.stdin.end();
  stopServer('proxy-signal', 0, signal);
};
if (earlySignal) onSignal(earlySignal);

// Last resort: a bug in the proxy must not leave the server running in its own process group.
process.on('uncaughtException', (error) => {
  process.stderr.write(`warden-proxy: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  signalTree(child, 'SIGKILL');
  flushEvents();
  audit?.close();
  process.exit(70);
});

let exitCode: number | null = null;
let exitSignal: NodeJS.Signals | null = null;

child.once('exit', (code, signal) => {
  exitCode = code;
  exitSignal = signal;
  // Whatever the server left running in its group goes with it.
  if (process.platform !== 'win32') signalTree(child, 'SIGTERM');
  // 'close' follows once its stdout is drained; do not wait forever on a grandchild holding it open.
  setTimeout(() => onClosed(), 2_000).unref();
});

child.once('close', () => onClosed());

function onClosed(): void {
  if (finished || !spawned) return;
  void Promise.resolve(relay.end('server-to-client')).then(() => {
    const signalNumber = exitSignal ? (os.constants.signals[exitSignal] ?? 0) : 0;
    finish(exitCode ?? (exitSignal ? 128 + signalNumber : 1), exitSignal);
  });
}

function finish(code: number, signal: NodeJS.Signals | null): void {
  if (finished) return;
  finished = true;
  pins?.close();
  for (const timer of shutdownTimers) clearTimeout(timer);
  emit({
    type: 'session-end',
    sessionId,
    serverId: options.serverId,
    time: Date.now(),
    exitCode: endReason === 'spawn-error' ? null : exitCode,
    signal,
    reason: endReason,
    durationMs: Date.now() - startedAt,
    messages: session.messageCount,
  });
  flushEvents();
  audit?.close();
  hub?.close();
  // Exit once everything written to the client is flushed.
  process.stdout.write('', () => process.exit(code));
  setTimeout(() => process.exit(code), 1_000).unref();
}
