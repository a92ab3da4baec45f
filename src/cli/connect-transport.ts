// The MCP SDK's Transport over a server process that `scan --connect` starts itself. Not the SDK's
// StdioClientTransport: that one does not put the server in its own process group, and a
// configured server is untrusted code whose whole tree (npx → node, uvx → python, …) must be
// taken down afterwards, whatever happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ServerLaunch, ServerTransport } from '../core/connect/connect-server.js';
import { planSpawn } from '../proxy/command.js';
import { signalTree } from '../proxy/terminate.js';

/** How much of the server's stderr to keep for an error message. */
const STDERR_TAIL = 2000;
/** Time a server gets to exit after SIGTERM before its group is killed. */
const TERM_GRACE_MS = 1000;

export class ProcessTransport implements ServerTransport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer();
  private stderrTail = '';
  private exited: Promise<void> | undefined;
  private exitText: string | undefined;

  constructor(private readonly launch: ServerLaunch) {}

  /** The last lines the server wrote to stderr, for a failure message. */
  get stderr(): string {
    return this.stderrTail.trim();
  }

  /** How the process ended ("exited with code 1"), once it has. */
  get exit(): string | undefined {
    return this.exitText;
  }

  start(): Promise<void> {
    const plan = planSpawn(this.launch.command, this.launch.args, {
      platform: process.platform,
      env: this.launch.env,
      cwd: this.launch.cwd,
      isFile: (file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false,
    });
    return new Promise((resolve, reject) => {
      // An argument list, never a shell string: config values are not trusted. detached on POSIX
      // makes the server lead its own process group, so close() reaches everything it started.
      const child = spawn(plan.file, plan.args, {
        cwd: this.launch.cwd,
        env: this.launch.env as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
        windowsVerbatimArguments: plan.windowsVerbatimArguments,
      });
      this.child = child;
      this.exited = new Promise((done) => {
        child.once('close', (code, signal) => {
          this.exitText ??= signal ? `was killed by ${signal}` : `exited with code ${code}`;
          done();
          this.onclose?.();
        });
      });
      child.once('error', (error) => {
        this.exitText = `could not be started: ${error.message}`;
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => resolve());
      child.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
      child.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
      });
      // A server that dies mid-write makes stdin emit EPIPE; the close handler reports the exit.
      child.stdin?.on('error', (error) => this.onerror?.(error));
    });
  }

  private read(chunk: Buffer): void {
    this.buffer.append(chunk);
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        // A log line on stdout is not fatal; the client times out if nothing valid follows.
        this.onerror?.(error as Error);
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || stdin.destroyed) return reject(new Error('the server is not running'));
      stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Stops the server and every process it started: stdin closed, SIGTERM to the group, SIGKILL after a grace period. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    child.stdin?.end();
    signalTree(child, 'SIGTERM');
    const grace = new Promise<'late'>((resolve) => setTimeout(resolve, TERM_GRACE_MS, 'late').unref());
    if ((await Promise.race([this.exited.then(() => 'done' as const), grace])) === 'late') signalTree(child, 'SIGKILL');
    // Whatever the leader did, its group may hold children that ignored SIGTERM.
    signalTree(child, 'SIGKILL');
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, TERM_GRACE_MS).unref())]);
    this.buffer.clear();
  }
}
