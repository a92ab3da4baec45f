// Shared plumbing for the two real-VS-Code test layers (test/vscode: extension host,
// test/e2e: code-server in Chromium). Everything here is offline: the VS Code build comes from
// the npm package code-server (installed by scripts/vscode-host/install.sh into .tools/),
// Node 24 from the npm package node@24, Chromium from Debian.
//
// Processes are started in their own process group and killed as a group, both by stop() and
// by an exit hook, so a crashed or interrupted test run leaves no server behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TOOLS = process.env.MCP_WARDEN_TOOLS ?? join(ROOT, '.tools');
export const NODE24 = join(TOOLS, 'node24/node_modules/.bin/node');
export const CODE_SERVER_PKG = join(TOOLS, 'code-server/node_modules/code-server');
export const VSCODE_SERVER_MAIN = join(CODE_SERVER_PKG, 'lib/vscode/out/server-main.js');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_PKG, 'out/node/entry.js');
export const CHROMIUM = process.env.MCP_WARDEN_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS_DIR = join(ROOT, 'test-results');

/** Runs the idempotent installer (fast when already installed); throws with its output on failure. */
export function ensureInstalled(): void {
  const r = spawnSync('bash', [join(ROOT, 'scripts/vscode-host/install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    throw new Error(`scripts/vscode-host/install.sh failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  for (const p of [NODE24, VSCODE_SERVER_MAIN, CODE_SERVER_ENTRY, CHROMIUM]) {
    if (!existsSync(p)) throw new Error(`expected ${p} after running scripts/vscode-host/install.sh`);
  }
}

export function requireFile(path: string, hint: string): void {
  if (!existsSync(path)) throw new Error(`missing ${path}: ${hint}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** A temp dir for one run: fake HOME, user data, extensions, a copy of the fixture workspace. */
export interface RunDirs {
  base: string;
  home: string;
  userData: string;
  extensions: string;
  workspace: string;
}

export function makeRunDirs(prefix: string, fixtureWorkspace: string, settings: Record<string, unknown> = {}): RunDirs {
  const base = mkdtempSync(join(tmpdir(), `mcp-warden-${prefix}-`));
  const dirs: RunDirs = {
    base,
    home: join(base, 'home'),
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    workspace: join(base, 'workspace'),
  };
  for (const d of [dirs.home, join(dirs.home, '.config'), join(dirs.home, '.local/share'), join(dirs.home, '.cache'), join(dirs.userData, 'User'), dirs.extensions]) {
    mkdirSync(d, { recursive: true });
  }
  // Copy, so tests may edit the workspace and the repository's fixture stays untouched.
  cpSync(fixtureWorkspace, dirs.workspace, { recursive: true });
  writeFileSync(
    join(dirs.userData, 'User/settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'workbench.startupEditor': 'none',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'chat.disableAIFeatures': true,
        'git.enabled': false,
        ...settings,
      },
      null,
      2,
    ),
  );
  return dirs;
}

/** Environment for a VS Code process: fake HOME/XDG so no real config on this machine is read. */
export function isolatedEnv(dirs: RunDirs, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Drop anything that would tie the child to a VS Code this process may be running inside,
    // and the test runner's own settings.
    if (/^(VSCODE_|ELECTRON_|NODE_OPTIONS$|NODE_TEST_CONTEXT$|npm_)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
    // Node 24 first on PATH: whatever the extension host spawns with `node` gets the same runtime.
    PATH: `${dirname(NODE24)}:${env.PATH ?? '/usr/bin:/bin'}`,
    ...extra,
  };
}

const liveGroups = new Set<number>();
function killAllGroups(): void {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  liveGroups.clear();
}
process.on('exit', killAllGroups);
// Servers run in their own process groups, so a Ctrl-C at the terminal does not reach them:
// take them down before this process dies of the signal.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.once(signal, () => {
    killAllGroups();
    process.exit(code);
  });
}

export interface ManagedProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  exited(): boolean;
  exitDescription(): string;
  stop(): Promise<void>;
}

/** Starts a process in its own process group, logging its output to logFile. */
export function startProcess(command: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string }): ManagedProcess {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log: WriteStream = createWriteStream(opts.logFile);
  log.write(`$ ${command} ${args.join(' ')}\n`);
  const child = spawn(command, args, { env: opts.env, cwd: opts.cwd ?? ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid) liveGroups.add(child.pid);
  let buf = '';
  let exitInfo: string | undefined;
  const onData = (d: Buffer) => {
    const s = d.toString();
    buf += s;
    if (buf.length > 2_000_000) buf = buf.slice(-1_000_000);
    log.write(s);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exitPromise = new Promise<void>((res) => {
    child.on('exit', (code, signal) => {
      exitInfo = `exited with code ${code} signal ${signal}`;
      log.write(`\n[${exitInfo}]\n`);
      res();
    });
    child.on('error', (err) => {
      exitInfo = `failed to start: ${err.message}`;
      res();
    });
  });
  return {
    child,
    output: () => buf,
    exited: () => exitInfo !== undefined,
    exitDescription: () => exitInfo ?? 'running',
    async stop() {
      const pgid = child.pid;
      if (pgid && exitInfo === undefined) {
        try {
          process.kill(-pgid, 'SIGTERM');
        } catch {
          /* gone */
        }
        const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
        if ((await Promise.race([exitPromise, timer])) === 'timeout') {
          try {
            process.kill(-pgid, 'SIGKILL');
          } catch {
            /* gone */
          }
          await exitPromise;
        }
      }
      // Children of the group leader (extension host, pty host, file watcher) can outlive it.
      if (pgid) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          /* whole group gone */
        }
        liveGroups.delete(pgid);
      }
      await new Promise<void>((r) => log.end(() => r()));
    },
  };
}

/** Polls until check() returns a value other than undefined/false, or throws describe()'s text. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  opts: { timeoutMs: number; intervalMs?: number; what: string; describe?: () => string | Promise<string>; abortIf?: () => string | undefined },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const abort = opts.abortIf?.();
    if (abort) throw new Error(`while waiting for ${opts.what}: ${abort}${opts.describe ? `\n${await opts.describe()}` : ''}`);
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const extra = opts.describe ? await opts.describe() : '';
      const last = lastError instanceof Error ? `\nlast error: ${lastError.message}` : '';
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${last}${extra ? `\n${extra}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}

export async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      const res = await fetch(url, { redirect: 'manual' });
      return res.status < 500;
    },
    { timeoutMs, what: `${url} to answer`, abortIf: () => (proc.exited() ? `server ${proc.exitDescription()}` : undefined), describe: () => `server output:\n${tail(proc.output())}` },
  );
}

export function tail(text: string, lines = 80): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Concatenated tails of the VS Code log files under a user-data / logs dir, for failure messages. */
export function vscodeLogs(dir: string, lines = 60): string {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.log')) {
        const text = readFileSync(p, 'utf8').trim();
        if (text) out.push(`--- ${p}\n${tail(text, lines)}`);
      }
    }
  };
  walk(dir);
  return out.join('\n');
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console messages and page errors seen so far. */
  console: string[];
  close(): Promise<void>;
}

export async function launchChromium(userDataDir: string): Promise<Browser> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // Chromium keeps crash reports and some state under $HOME/.config/chromium: keep it in the run.
    env: { ...process.env, HOME: join(userDataDir, 'home') } as Record<string, string>,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines: string[] = [];
  page.on('console', (m) => {
    consoleLines.push(`[${m.type()}] ${m.text()}`);
    if (consoleLines.length > 2000) consoleLines.shift();
  });
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  return {
    context,
    page,
    console: consoleLines,
    async close() {
      await context.close().catch(() => undefined);
    },
  };
}
