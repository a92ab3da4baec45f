// One `scan --connect` run against one server: start it, list what it offers within a deadline,
// run the definition detectors, and stop it (its whole process group) whatever happened.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { InventoryItem } from '../scan-result.js';
import type { KnownServer } from '../detect/index.js';
import { definitionFindings, type DefinitionFinding, type ListedDefinitions } from './definition-findings.js';
import { listDefinitions, type ServerSummary } from './list-definitions.js';

export interface ServerLaunch {
  command: string;
  args: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** One launch to start, and every config entry that launches it the same way. */
export interface ConnectTarget {
  launch: ServerLaunch;
  items: InventoryItem[];
}

/** A transport over a server process: what it printed to stderr and how it ended, for failure messages. */
export interface ServerTransport extends Transport {
  readonly stderr: string;
  readonly exit: string | undefined;
}

export type ConnectOutcome =
  | { status: 'connected'; target: ConnectTarget; summary: ServerSummary; listed: ListedDefinitions; counts: Record<keyof ListedDefinitions, number>; findings: DefinitionFinding[]; ms: number }
  | { status: 'failed'; target: ConnectTarget; error: string; ms: number }
  | { status: 'declined' | 'skipped'; target: ConnectTarget; reason: string };

export interface ConnectOptions {
  open: (launch: ServerLaunch) => ServerTransport;
  timeoutMs: number;
  clientVersion: string;
  now?: () => number;
}

class Deadline extends Error {}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines[lines.length - 1]?.slice(0, 300) ?? '';
}

function failureText(error: unknown, transport: ServerTransport, timeoutMs: number): string {
  const stderr = lastLine(transport.stderr);
  const said = stderr ? ` (its last stderr line: ${stderr})` : '';
  if (error instanceof Deadline) return `no complete answer within ${timeoutMs / 1000} s; stopped${said}`;
  if (transport.exit?.startsWith('could not')) return `the server ${transport.exit}`;
  if (transport.exit) return `the server ${transport.exit} before it answered${said}`;
  return `${(error as Error).message}${said}`;
}

export async function connectTarget(target: ConnectTarget, options: ConnectOptions): Promise<ConnectOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const transport = options.open(target.launch);
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort(new Deadline());
      reject(new Deadline());
    }, options.timeoutMs);
  });
  try {
    const { listed, summary } = await Promise.race([listDefinitions(transport, abort.signal, options.clientVersion), deadline]);
    const counts = { tools: listed.tools.length, prompts: listed.prompts.length, resources: listed.resources.length, resourceTemplates: listed.resourceTemplates.length };
    return { status: 'connected', target, summary, listed, counts, findings: [], ms: now() - started };
  } catch (error) {
    return { status: 'failed', target, error: failureText(error, transport, options.timeoutMs), ms: now() - started };
  } finally {
    clearTimeout(timer);
    // Always, including after a timeout or a crash: the group may hold processes the server started.
    await transport.close();
  }
}

/**
 * Runs the definition detectors on every connected server once all are listed, so the cross-server
 * rules know each other server's name and tools (as the proxy knows them from the pin store).
 */
export function detectAll(outcomes: readonly ConnectOutcome[], configuredNames: readonly string[]): ConnectOutcome[] {
  const listedTools = new Map<string, string[]>();
  for (const outcome of outcomes) {
    if (outcome.status !== 'connected') continue;
    const tools = outcome.listed.tools.map((tool) => tool.name).filter((name): name is string => typeof name === 'string');
    for (const item of outcome.target.items) listedTools.set(item.server.name, tools);
  }
  const servers: KnownServer[] = [...new Set(configuredNames)].map((name) => ({ name, tools: listedTools.get(name) ?? [] }));
  return outcomes.map((outcome) => {
    if (outcome.status !== 'connected') return outcome;
    const self = outcome.target.items[0]!.server.name;
    const others = servers.filter((server) => !outcome.target.items.some((item) => item.server.name === server.name));
    return { ...outcome, findings: definitionFindings(outcome.listed, { self, servers: others }) };
  });
}
