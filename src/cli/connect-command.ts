// `mcp-warden scan --connect`: starts the configured stdio servers that no Warden proxy guards,
// after asking (per server, on a terminal) or with --yes, lists what each offers and runs the
// definition detectors on it. Starting a server runs code from a config file, so nothing starts
// without consent, and the consent names the exact command line and the file it comes from.
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { allAdapters } from '../core/clients/index.js';
import { expandVariables } from '../core/connect/launch-variables.js';
import { connectTarget, detectAll, type ConnectOutcome, type ConnectTarget, type ServerLaunch } from '../core/connect/connect-server.js';
import { describeLaunch } from '../core/policy/launch.js';
import type { InventoryItem, ScanResult } from '../core/scan-result.js';
import { ProcessTransport } from './connect-transport.js';
import { UsageError } from './options.js';

export interface ConnectCliOptions {
  yes: boolean;
  timeoutSeconds: number;
  clientVersion: string;
}

/** Servers started at once: enough that one hanging server does not serialise the rest, few enough for a small machine. */
const PARALLEL = 3;

function launchFor(item: InventoryItem): ServerLaunch {
  const server = item.server;
  // Workspace and project entries run in their folder, user-level ones in the home folder.
  const base = server.folder ?? os.homedir();
  const expand = (text: string): string => expandVariables(text, { ...(server.folder ? { workspaceFolder: server.folder } : {}), userHome: os.homedir(), env: process.env });
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [key, value] of Object.entries(server.env)) env[key] = expand(value.value);
  return {
    command: expand(server.command?.value ?? ''),
    args: server.args.map((arg) => expand(arg.value)),
    env,
    cwd: server.cwd ? path.resolve(base, expand(server.cwd.value)) : base,
  };
}

/** Same command, arguments, environment and folder: one start serves every entry. */
function targetKey(item: InventoryItem, launch: ServerLaunch): string {
  return JSON.stringify([launch.command, launch.args, Object.entries(item.server.env).map(([key, value]) => [key, value.value]), launch.cwd]);
}

/** Unprotected stdio servers to start, grouped by launch; remote and disabled entries are reported as skipped. */
export function connectPlan(result: ScanResult): { targets: ConnectTarget[]; skipped: ConnectOutcome[] } {
  const targets = new Map<string, ConnectTarget>();
  const skipped: ConnectOutcome[] = [];
  for (const item of result.items) {
    if (item.protected) continue;
    const launch = launchFor(item);
    if (item.server.transport !== 'stdio') {
      // No network calls from Warden: a remote server is not contacted.
      skipped.push({ status: 'skipped', target: { launch, items: [item] }, reason: 'remote servers are not contacted' });
      continue;
    }
    if (!launch.command) {
      skipped.push({ status: 'skipped', target: { launch, items: [item] }, reason: 'the entry names no command' });
      continue;
    }
    if (item.server.disabled) {
      skipped.push({ status: 'skipped', target: { launch, items: [item] }, reason: 'disabled in its config' });
      continue;
    }
    const key = targetKey(item, launch);
    const existing = targets.get(key);
    if (existing) existing.items.push(item);
    else targets.set(key, { launch, items: [item] });
  }
  return { targets: [...targets.values()], skipped };
}

function clientDisplayName(id: string): string {
  return allAdapters.find((adapter) => adapter.id === id)?.displayName ?? id;
}

function consentText(target: ConnectTarget): string {
  const lines = [`Start MCP server ${target.items.map((item) => JSON.stringify(item.server.name)).filter((n, i, all) => all.indexOf(n) === i).join(', ')} to check its tools?`];
  lines.push(`  command: ${describeLaunch({ transport: 'stdio', command: target.launch.command, args: [...target.launch.args] })}`);
  lines.push(`  folder:  ${target.launch.cwd}`);
  for (const item of target.items) lines.push(`  from:    ${clientDisplayName(item.server.client)} · ${item.server.scope} · ${item.server.configPath}`);
  return `${lines.map((line) => line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?')).join('\n')}\n`;
}

async function askEach(targets: readonly ConnectTarget[]): Promise<{ chosen: ConnectTarget[]; declined: ConnectOutcome[] }> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const chosen: ConnectTarget[] = [];
  const declined: ConnectOutcome[] = [];
  try {
    for (const target of targets) {
      process.stderr.write(`\n${consentText(target)}`);
      const answer = (await prompt.question('Start it? [y/N] ')).trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') chosen.push(target);
      else declined.push({ status: 'declined', target, reason: 'not started: you said no' });
    }
  } finally {
    prompt.close();
  }
  return { chosen, declined };
}

async function inPool<T, R>(items: readonly T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/** Asks (or takes --yes), starts each chosen server, and returns every outcome in plan order. */
export async function runConnect(result: ScanResult, options: ConnectCliOptions): Promise<ConnectOutcome[]> {
  const { targets, skipped } = connectPlan(result);
  if (targets.length === 0) return skipped;
  let chosen = targets;
  let declined: ConnectOutcome[] = [];
  if (!options.yes) {
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      const names = targets.flatMap((target) => target.items.map((item) => item.server.name));
      throw new UsageError(
        `scan --connect would start ${targets.length} server${targets.length === 1 ? '' : 's'} (${[...new Set(names)].join(', ')}), which runs their commands on this machine. ` +
          'Run it in a terminal to be asked for each one, or add --yes to start them all without asking.',
      );
    }
    ({ chosen, declined } = await askEach(targets));
  }
  const connected = await inPool(chosen, PARALLEL, (target) =>
    connectTarget(target, { open: (launch) => new ProcessTransport(launch), timeoutMs: options.timeoutSeconds * 1000, clientVersion: options.clientVersion }),
  );
  return detectAll([...connected, ...declined, ...skipped], result.items.map((item) => item.server.name));
}
