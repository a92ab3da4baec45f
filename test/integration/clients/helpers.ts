// Shared by the real-client tests: each installs (once, cached) the clients' own programs from npm
// with scripts/clients/install.sh, builds Warden, makes a fake HOME in a temp dir, writes the
// client's config as a user would, runs `mcp-warden protect --all`, runs the client's own
// command, and reads both what the client printed and the proxy's audit log.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLIENTS_DIR = path.join(process.env['MCP_WARDEN_TOOLS'] ?? path.join(ROOT, '.tools'), 'clients');
export const FAULT_SERVER = path.join(ROOT, 'test', 'fixtures', 'servers', 'fault-server.mjs');
export const CLI = path.join(ROOT, 'dist', 'cli.cjs');

/** Runs scripts/clients/install.sh (idempotent; under a second when everything is installed) and
 * returns the Node >= 22 the clients run on. */
export function ensureClients(): { node: string } {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'clients', 'install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30 * 60_000 });
  if (r.status !== 0) throw new Error(`scripts/clients/install.sh failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const node = readFileSync(path.join(CLIENTS_DIR, 'node.path'), 'utf8').trim();
  assert.ok(existsSync(node), `expected Node >= 22 at ${node} after scripts/clients/install.sh`);
  return { node };
}

/** Builds dist/cli.cjs and dist/warden-proxy.cjs. */
export function buildWarden(): void {
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 5 * 60_000 });
  assert.equal(built.status, 0, `node scripts/build.mjs failed:\n${built.stdout}\n${built.stderr}`);
}

export interface Sandbox {
  base: string;
  home: string;
  /** A project folder the client is started in. */
  project: string;
  state: string;
  env: Record<string, string>;
}

/** A fake HOME with XDG dirs and a project folder; an environment that points every client and
 * Warden into it and shares nothing with the real HOME. */
export function sandbox(prefix: string): Sandbox {
  const base = mkdtempSync(path.join(os.tmpdir(), `warden-client-${prefix}-`));
  const home = path.join(base, 'home');
  const project = path.join(home, 'project');
  const state = path.join(home, '.mcp-warden');
  for (const dir of [project, path.join(home, '.config'), path.join(home, '.cache'), path.join(home, '.local', 'share'), path.join(home, '.local', 'state'), path.join(base, 'tmp')]) {
    mkdirSync(dir, { recursive: true });
  }
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    USER: 'warden-test',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    CI: '1',
    TMPDIR: path.join(base, 'tmp'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    MCP_WARDEN_HOME: state,
  };
  if (!process.env['KEEP_CLIENT_SANDBOX']) process.once('exit', () => rmSync(base, { recursive: true, force: true }));
  return { base, home, project, state, env };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** Runs a program in its own process group; on timeout the whole group is killed. */
export function runProgram(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 2_000).unref();
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the client left behind in its group (servers it did not stop) goes too.
      killGroup('SIGKILL');
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut, ms: Date.now() - started });
    });
  });
}

/** Runs the built Warden CLI in the sandbox. */
export function warden(box: Sandbox, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: box.project, env: box.env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface AuditLine {
  ts: string;
  type: string;
  serverId?: string;
  direction?: string;
  method?: string;
  [field: string]: unknown;
}

export function readAudit(box: Sandbox): AuditLine[] {
  const file = path.join(box.state, 'audit', 'audit.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AuditLine);
}

/** The client-to-server methods the proxy relayed, in order. */
export function relayedMethods(box: Sandbox): string[] {
  return readAudit(box)
    .filter((line) => line.type === 'message' && line.direction === 'client-to-server' && typeof line.method === 'string')
    .map((line) => line.method as string);
}

/** Protect --all, check that the file changed to launch the proxy, and return the report. */
export function protectAll(box: Sandbox, file: string): string {
  const before = readFileSync(file);
  const result = warden(box, ['protect', '--all']);
  assert.equal(result.status, 0, `protect --all failed:\n${result.stdout}\n${result.stderr}`);
  const after = readFileSync(file, 'utf8');
  assert.notDeepEqual(Buffer.from(after), before, `protect --all did not change ${file}:\n${result.stdout}`);
  assert.ok(after.includes('warden-proxy.cjs'), `${file} does not launch the proxy after protect:\n${after}`);
  assert.ok(existsSync(path.join(box.state, 'bin', 'warden-proxy.cjs')), 'protect installs the proxy into the state directory');
  return result.stdout;
}

/** Unprotect --all and check the file is back byte for byte. */
export function unprotectAll(box: Sandbox, file: string, original: Buffer): string {
  const result = warden(box, ['unprotect', '--all']);
  assert.equal(result.status, 0, `unprotect --all failed:\n${result.stdout}\n${result.stderr}`);
  assert.deepEqual(readFileSync(file), original, `${file} is not byte-identical after unprotect:\n${readFileSync(file, 'utf8')}`);
  return result.stdout;
}

export function describeRun(r: RunResult): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' TIMED OUT' : ''} after ${r.ms} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Writes a config from test/fixtures/clients-e2e/ into place (creating its folder) and returns its
 * bytes; `values` fills further placeholders (e.g. `__MODEL_URL__`). */
export function writeConfig(template: string, destination: string, values: Record<string, string> = {}): Buffer {
  let text = readFileSync(path.join(ROOT, 'test', 'fixtures', 'clients-e2e', template), 'utf8').replaceAll('__FAULT_SERVER__', FAULT_SERVER);
  for (const [placeholder, value] of Object.entries(values)) text = text.replaceAll(placeholder, value);
  mkdirSync(path.dirname(destination), { recursive: true });
  writeFileSync(destination, text);
  return readFileSync(destination);
}

/** What a client printed, stdout and stderr together (several print their lists on stderr when not on a terminal). */
export function printed(r: RunResult): string {
  return `${r.stdout}\n${r.stderr}`;
}

/** The audit log in one line per record, for assertion messages. */
export function auditSummary(box: Sandbox): string {
  return readAudit(box)
    .map((line) => `${line.ts} ${line.type} ${line.direction ?? ''} ${line.kind ?? ''} ${line.method ?? ''} ${line['reason'] ?? ''}`.trim())
    .join('\n');
}
