// Shared by the pinning integration tests and the pin benchmark: the built CLI (bundled the way
// scripts/build.mjs bundles dist/cli.cjs, into a temporary directory), the rug-pull fixture server,
// and an SDK Client that counts the list_changed notifications it receives.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { proxied, ROOT, type Launch } from '../proxy/helpers.js';

export const RUG_PULL: Launch = { command: process.execPath, args: [path.join(ROOT, 'test/fixtures/servers/rug-pull.mjs')] };

let built: Promise<string> | undefined;

/** Bundles src/cli/main.ts once per test process, as scripts/build.mjs builds dist/cli.cjs. */
export function cliBundle(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-cli-bundle-'));
    const outfile = path.join(dir, 'cli.cjs');
    await build({
      entryPoints: [path.join(ROOT, 'src/cli/main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      mainFields: ['module', 'main'],
      logLevel: 'warning',
    });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return outfile;
  })();
  return built;
}

const execFileAsync = promisify(execFile);

/** Runs `mcp-warden <args>` (the built CLI) and returns its exit code and output. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [await cliBundle(), ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

export interface PinnedClient {
  client: Client;
  /** notifications/tools/list_changed received so far. */
  toolListChanged: () => number;
  close: () => Promise<void>;
}

/** An SDK Client connected through the proxy (pinning on, detection off) to the rug-pull fixture. */
export async function connectRugPull(stateDir: string, env: Record<string, string>, options: { serverId?: string; extra?: string[] } = {}): Promise<PinnedClient> {
  // Detection (docs/detectors.md) would also withhold these deliberately malicious definitions, even
  // after a pin approval; these tests are about pinning alone, so it is off.
  const launch = await proxied(RUG_PULL, stateDir, ['--detect', 'off', ...(options.extra ?? [])], options.serverId ?? 'vscode:workspace:/project:rug');
  const client = new Client({ name: 'warden-pins-test', version: '1.0.0' });
  let changed = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    changed++;
  });
  const transport = new StdioClientTransport({ command: launch.command, args: [...launch.args], env, stderr: 'pipe' });
  await client.connect(transport);
  return { client, toolListChanged: () => changed, close: () => client.close() };
}

export async function toolNames(client: Client): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    names.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return names.sort();
}
