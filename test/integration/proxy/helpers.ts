// Shared by the proxy's integration tests and benchmarks: the real bundle (built the way
// scripts/build.mjs builds it, into a temporary directory), real servers from node_modules, the
// SDK's real Client over real pipes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { proxyBuildOptions } from '../../../scripts/proxy-build.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const SERVERS: Record<'everything' | 'memory' | 'fault', Launch> = {
  everything: { command: process.execPath, args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'] },
  memory: { command: process.execPath, args: [path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')] },
  fault: { command: process.execPath, args: [path.join(ROOT, 'test/fixtures/servers/fault-server.mjs')] },
};

let built: Promise<string> | undefined;

/** Bundles src/proxy/main.ts once per test process and returns the path of the .cjs. */
export function proxyBundle(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-proxy-bundle-'));
    const outfile = path.join(dir, 'warden-proxy.cjs');
    await build({ ...proxyBuildOptions, entryPoints: proxyBuildOptions.entryPoints.map((entry) => path.join(ROOT, entry)), outfile, sourcemap: false });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return outfile;
  })();
  return built;
}

export function tempDir(prefix = 'warden-proxy-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Launch {
  command: string;
  args: readonly string[];
}

/** The command line a protected config entry would hold: node <proxy> --server id -- <original>. */
export async function proxied(server: Launch, stateDir: string, extra: string[] = [], serverId = 'test-server'): Promise<Launch> {
  return { command: process.execPath, args: [await proxyBundle(), '--server', serverId, '--state-dir', stateDir, ...extra, '--', server.command, ...server.args] };
}

export async function connect(launch: Launch, env?: Record<string, string>): Promise<{ client: Client; transport: StdioClientTransport }> {
  const client = new Client({ name: 'warden-test', version: '1.0.0' });
  const transport = new StdioClientTransport({ command: launch.command, args: [...launch.args], stderr: 'pipe', ...(env ? { env } : {}) });
  await client.connect(transport);
  return { client, transport };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Spawns a process and collects its output, for tests that drive raw bytes. `exited` waits for its pipes to close too. */
export function run(launch: Launch): { child: ChildProcess; stdout: Buffer[]; stderr: Buffer[]; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(launch.command, [...launch.args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout, stderr, exited };
}
