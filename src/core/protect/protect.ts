// Protect and unprotect: route stdio servers through the Warden proxy by editing their clients'
// configs in place, and give the files back byte for byte. One read, one verified in-memory edit
// per server, one atomic write per file; refuses (and writes nothing) when a result would not
// parse back to exactly the intended launches, or when the file changed on disk meanwhile.
import { promises as fs } from 'node:fs';
import type { ClientAdapter, LaunchShape } from '../clients/adapter.js';
import { SYNTAX_RULE } from '../clients/extract.js';
import { allAdapters } from '../clients/index.js';
import type { ClientId, ConfigLocation, ConfigSource, ServerEntry } from '../model.js';
import { withFileLock } from '../state/atomic-file.js';
import { protectionOf, proxyLaunch, type ProxySettings, type StdioLaunch } from './detect.js';
import { unifiedDiff } from './diff.js';
import { EditError, locateLaunch, planProtect, planRebuild, planRestore, type EditRecord } from './edits.js';
import { nextStep, type NextStep } from './hints.js';
import { loadRecord, recordPath, RecordError, saveRecord, type ProtectedEntry, type ProtectionRecord } from './record.js';
import { applyEdits, decodeConfig, encodeConfig, sha256, type DecodedFile, type TextEdit } from './text.js';
import { backupConfig, ConflictError, writeConfigAtomic, type WriteHooks } from './write.js';

export type ServerStatus =
  /** protect: the entry now launches the proxy. */
  | 'protected'
  | 'already-protected'
  /** protect: remote servers (not in this version) and entries without a command. */
  | 'not-protectable'
  /** unprotect: the original text is back, byte for byte. */
  | 'unprotected'
  /** unprotect: the entry had been edited since; command and args were rebuilt from what follows `--`. */
  | 'rebuilt'
  | 'not-protected'
  | 'failed';

export interface ServerOutcome {
  serverId: string;
  name: string;
  client: ClientId;
  status: ServerStatus;
  message: string;
  /** The launch the entry has after the operation (protected, unprotected, rebuilt). */
  launch?: StdioLaunch;
}

export interface FileOutcome {
  file: string;
  /** written: the config was changed; dry-run: it would have been; unchanged: nothing to do; refused: nothing written, see message. */
  status: 'written' | 'dry-run' | 'unchanged' | 'refused';
  message?: string;
  servers: ServerOutcome[];
  /** The exact change as a unified diff ('' when none). */
  diff: string;
  /** The whole text the file would have after the change (dry runs only, when there is a change): for a side-by-side diff view. */
  proposed?: string;
  /** The copy of the file taken before Warden first wrote it. */
  backup?: string;
  /** What each affected client needs now (only when the file was written). */
  nextSteps: { client: ClientId; step: NextStep }[];
}

export interface ProtectReport {
  files: FileOutcome[];
}

export interface CommonOptions {
  stateDir: string;
  dryRun?: boolean;
  adapters?: readonly ClientAdapter[];
  /** The sources the servers were read from (their locations); reconstructed from the servers when absent. */
  sources?: readonly ConfigSource[];
  now?: () => Date;
  hooks?: WriteHooks;
}

export interface ProtectOptions extends CommonOptions {
  proxy: ProxySettings;
}

const DEFAULT_SHAPE: LaunchShape = { command: 'command', args: 'args' };

export function launchShapeOf(adapter: ClientAdapter, location: ConfigLocation): LaunchShape {
  const shape = adapter.launchShape;
  return typeof shape === 'function' ? shape(location) : (shape ?? DEFAULT_SHAPE);
}

/** The location a server was read from, as its adapter needs it to parse the file the same way. */
export function locationOf(server: ServerEntry, sources?: readonly ConfigSource[]): ConfigLocation {
  const source = sources?.find((candidate) => candidate.location.path === server.configPath && candidate.location.client === server.client);
  if (source) return source.location;
  // Claude Code's per-project servers sit in the user file.
  const location: ConfigLocation = { client: server.client, scope: server.scope === 'project' ? 'user' : server.scope, path: server.configPath, format: server.format };
  if (server.scope !== 'project' && server.folder !== undefined) location.folder = server.folder;
  return location;
}

function sameLaunch(a: StdioLaunch, b: StdioLaunch): boolean {
  return a.command === b.command && a.args.length === b.args.length && a.args.every((arg, index) => arg === b.args[index]);
}

/** The launch exactly as written in the entry (not unwrapped: the proxy counts here). */
function writtenLaunch(server: ServerEntry): string {
  return JSON.stringify([server.transport, server.command?.value ?? null, server.args.map((arg) => arg.value), server.url?.value ?? null]);
}

function envOf(server: ServerEntry): string {
  return JSON.stringify([Object.entries(server.env).map(([key, value]) => [key, value.value]), server.cwd?.value ?? null, server.url?.value ?? null, server.disabled]);
}

/** Re-parses the edited text with the same adapter: the server must launch exactly `expected`, keep
 * its env/cwd, and every other server must be unchanged. Returns the reason to refuse, if any. */
function verify(adapter: ClientAdapter, location: ConfigLocation, before: string, after: string, id: string, expected: StdioLaunch): string | undefined {
  const old = adapter.parse(before, location);
  const next = adapter.parse(after, location);
  const errors = (outcome: typeof old) => outcome.problems.filter((problem) => problem.severity === 'error').length;
  if (errors(next) > errors(old)) return `the edited file would not parse cleanly (${next.problems.find((problem) => problem.severity === 'error')?.message ?? 'syntax error'})`;
  if (old.servers.length !== next.servers.length) return 'the edit would change the number of servers in the file';
  for (const server of old.servers) {
    const edited = next.servers.find((candidate) => candidate.id === server.id);
    if (!edited) return `the edit would lose server "${server.name}"`;
    if (envOf(edited) !== envOf(server)) return `the edit would change the settings of server "${server.name}"`;
    if (server.id === id) {
      const launch = { command: edited.command?.value ?? '', args: edited.args.map((arg) => arg.value) };
      if (edited.transport !== 'stdio' || edited.command === undefined || !sameLaunch(launch, expected)) return 'the edited entry would not launch what was intended';
    } else if (writtenLaunch(edited) !== writtenLaunch(server)) {
      return `the edit would change server "${server.name}"`;
    }
  }
  return undefined;
}

type Action = 'protect' | 'unprotect';

interface FileState {
  file: string;
  decoded: DecodedFile;
  text: string;
  servers: Record<string, ProtectedEntry>;
}

function describeProblem(error: unknown): string {
  return error instanceof EditError ? `the entry is not in a shape Warden can edit: ${error.message}` : (error as Error).message;
}

function protectOne(state: FileState, server: ServerEntry, adapter: ClientAdapter, location: ConfigLocation, options: ProtectOptions): ServerOutcome {
  const base = { serverId: server.id, name: server.name, client: server.client };
  if (server.transport !== 'stdio') {
    return { ...base, status: 'not-protectable', message: `not protectable yet (remote): a remote (${server.transport}) server is reached by URL, and rewriting its URL would break its OAuth sign-in` };
  }
  if (!server.command) return { ...base, status: 'not-protectable', message: 'not protectable: the entry has no command' };
  const current = protectionOf(server);
  if (current.protected) {
    return { ...base, status: 'already-protected', message: `already protected (launches ${current.proxyPath})`, launch: { command: server.command.value, args: server.args.map((arg) => arg.value) } };
  }
  const original: StdioLaunch = { command: server.command.value, args: server.args.map((arg) => arg.value) };
  const proxied = proxyLaunch(original, server.id, options.proxy);
  let edits: TextEdit[];
  let records: EditRecord[];
  try {
    const nodes = locateLaunch(state.text, location.format, server.jsonPath, launchShapeOf(adapter, location));
    ({ edits, records } = planProtect(state.text, location.format, state.decoded.eol, nodes, proxied, original.args.length));
  } catch (error) {
    return { ...base, status: 'failed', message: `refused: ${describeProblem(error)}` };
  }
  const next = applyEdits(state.text, edits);
  const problem = verify(adapter, location, state.text, next, server.id, proxied);
  if (problem) return { ...base, status: 'failed', message: `refused: ${problem}` };
  state.text = next;
  state.servers[server.id] = {
    name: server.name,
    client: server.client,
    jsonPath: server.jsonPath,
    protectedAt: (options.now?.() ?? new Date()).toISOString(),
    proxyPath: options.proxy.proxyPath,
    original,
    protectedLaunch: proxied,
    edits: records,
  };
  return { ...base, status: 'protected', message: 'protected', launch: proxied };
}

function unprotectOne(state: FileState, server: ServerEntry, adapter: ClientAdapter, location: ConfigLocation): ServerOutcome {
  const base = { serverId: server.id, name: server.name, client: server.client };
  const current = protectionOf(server);
  const entry = state.servers[server.id];
  if (!current.protected || !current.original) {
    if (entry) {
      delete state.servers[server.id];
      return { ...base, status: 'not-protected', message: 'not protected any more (its rewrite had been removed); Warden forgot its record of it' };
    }
    return { ...base, status: 'not-protected', message: 'not protected; nothing to do' };
  }
  const expected = current.original;
  try {
    const nodes = locateLaunch(state.text, location.format, server.jsonPath, launchShapeOf(adapter, location));
    const exact = entry ? planRestore(state.text, nodes, entry.edits) : undefined;
    if (exact) {
      const next = applyEdits(state.text, exact);
      if (!verify(adapter, location, state.text, next, server.id, expected)) {
        state.text = next;
        delete state.servers[server.id];
        return { ...base, status: 'unprotected', message: 'unprotected: the original text is back', launch: expected };
      }
    }
    const next = applyEdits(state.text, planRebuild(state.text, location.format, nodes, expected));
    const problem = verify(adapter, location, state.text, next, server.id, expected);
    if (problem) return { ...base, status: 'failed', message: `refused: ${problem}` };
    state.text = next;
    delete state.servers[server.id];
    const why = entry ? 'the entry was edited after Warden protected it' : 'Warden has no record of protecting it';
    return { ...base, status: 'rebuilt', message: `unprotected, but ${why}: command and args were rebuilt from the arguments after "--" (their formatting may differ from the original)`, launch: expected };
  } catch (error) {
    return { ...base, status: 'failed', message: `refused: ${describeProblem(error)}` };
  }
}

async function processFile(file: string, servers: readonly ServerEntry[], action: Action, options: CommonOptions & { proxy?: ProxySettings }): Promise<FileOutcome> {
  const outcome: FileOutcome = { file, status: 'unchanged', servers: [], diff: '', nextSteps: [] };
  const refuse = (message: string): FileOutcome => ({ ...outcome, status: 'refused', message });
  let bytes: Uint8Array;
  let decoded: DecodedFile;
  let record: ProtectionRecord | undefined;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    return refuse(`could not read ${file}: ${(error as Error).message}`);
  }
  try {
    decoded = decodeConfig(bytes);
  } catch {
    return refuse(`${file} is not valid UTF-8; Warden does not edit it`);
  }
  try {
    record = await loadRecord(options.stateDir, file);
  } catch (error) {
    return refuse(error instanceof RecordError ? `${error.message}; fix or remove it first` : (error as Error).message);
  }
  const readSha = sha256(bytes);
  const state: FileState = { file, decoded, text: decoded.text, servers: { ...record?.servers } };
  const adapters = options.adapters ?? allAdapters;
  for (const requested of servers) {
    const base = { serverId: requested.id, name: requested.name, client: requested.client };
    const adapter = adapters.find((candidate) => candidate.id === requested.client);
    if (!adapter) {
      outcome.servers.push({ ...base, status: 'failed', message: `no adapter for client ${requested.client}` });
      continue;
    }
    const location = locationOf(requested, options.sources);
    // Always work on the file as it is now (and as earlier servers of this run left it).
    const parsed = adapter.parse(state.text, location);
    const syntax = parsed.problems.find((problem) => problem.ruleId === SYNTAX_RULE && problem.severity === 'error');
    if (syntax) {
      outcome.servers.push({ ...base, status: 'failed', message: `refused: the file has a syntax error (${syntax.message}${syntax.range ? ` at line ${syntax.range.start.line + 1}` : ''}); fix it first` });
      continue;
    }
    const server = parsed.servers.find((candidate) => candidate.id === requested.id);
    if (!server) {
      outcome.servers.push({ ...base, status: 'failed', message: 'the server is no longer in the file' });
      continue;
    }
    outcome.servers.push(action === 'protect' ? protectOne(state, server, adapter, location, options as ProtectOptions) : unprotectOne(state, server, adapter, location));
  }
  // Records of entries that are gone from the file (deleted or renamed by the user) are dropped.
  for (const client of new Set(servers.map((server) => server.client))) {
    const adapter = adapters.find((candidate) => candidate.id === client);
    const sample = servers.find((server) => server.client === client);
    if (!adapter || !sample) continue;
    const parsed = adapter.parse(state.text, locationOf(sample, options.sources));
    if (parsed.problems.some((problem) => problem.ruleId === SYNTAX_RULE && problem.severity === 'error')) continue;
    for (const [id, entry] of Object.entries(state.servers)) {
      if (entry.client === client && !parsed.servers.some((server) => server.id === id)) delete state.servers[id];
    }
  }
  if (state.text === decoded.text && JSON.stringify(state.servers) === JSON.stringify(record?.servers ?? {})) return outcome;
  outcome.diff = unifiedDiff(file, decoded.text, state.text);
  if (options.dryRun) return outcome.diff ? { ...outcome, status: 'dry-run', proposed: state.text } : { ...outcome, status: 'unchanged' };

  const newBytes = state.text === decoded.text ? bytes : encodeConfig(state.text, decoded.bom);
  let backup = record?.backup;
  try {
    if (backup === undefined && state.text !== decoded.text) backup = await backupConfig(options.stateDir, file, bytes, options.now?.() ?? new Date());
  } catch (error) {
    return refuse(`could not back up ${file}, so nothing was written: ${(error as Error).message}`);
  }
  const newRecord: ProtectionRecord = { version: 1, file, sha256: sha256(newBytes), servers: state.servers };
  if (backup !== undefined) newRecord.backup = backup;
  // The record goes first: a crash between the two writes leaves a record of a protection that is
  // not there (reported, harmless), never a rewritten config Warden cannot restore exactly.
  try {
    await saveRecord(options.stateDir, newRecord);
  } catch (error) {
    return refuse(`could not save Warden's record of ${file} in ${options.stateDir}, so nothing was written: ${(error as Error).message}`);
  }
  if (state.text !== decoded.text) {
    try {
      await writeConfigAtomic(file, newBytes, readSha, options.hooks);
    } catch (error) {
      if (record) await saveRecord(options.stateDir, record);
      else await fs.rm(recordPath(options.stateDir, file), { force: true });
      const message = error instanceof ConflictError ? error.message : `could not write ${file}; nothing was changed: ${(error as Error).message}`;
      return { ...refuse(message), servers: outcome.servers.map((server) => (server.status === 'failed' || server.status === 'not-protectable' || server.status === 'already-protected' || server.status === 'not-protected' ? server : { ...server, status: 'failed', message: 'not written: see the file’s message' })) };
    }
  }
  const changed = new Set(outcome.servers.filter((server) => ['protected', 'unprotected', 'rebuilt'].includes(server.status)).map((server) => server.client));
  return { ...outcome, status: state.text !== decoded.text ? 'written' : 'unchanged', ...(backup !== undefined ? { backup } : {}), nextSteps: [...changed].map((client) => ({ client, step: nextStep(client) })) };
}

async function run(servers: readonly ServerEntry[], action: Action, options: CommonOptions & { proxy?: ProxySettings }): Promise<ProtectReport> {
  const byFile = new Map<string, ServerEntry[]>();
  for (const server of servers) {
    const list = byFile.get(server.configPath) ?? [];
    if (!list.some((known) => known.id === server.id)) list.push(server);
    byFile.set(server.configPath, list);
  }
  const files: FileOutcome[] = [];
  for (const [file, list] of byFile) {
    // One Warden process at a time per config file (CLI and editor alike); a dry run writes nothing, not even a lock.
    files.push(options.dryRun ? await processFile(file, list, action, options) : await withFileLock(recordPath(options.stateDir, file), () => processFile(file, list, action, options)));
  }
  return { files };
}

/** Routes the given stdio servers through the proxy. Remote servers are reported as not protectable yet. */
export function protectServers(servers: readonly ServerEntry[], options: ProtectOptions): Promise<ProtectReport> {
  return run(servers, 'protect', options);
}

/** Gives the given servers their original launch back: byte for byte when the entry still holds what
 * protect wrote, otherwise rebuilt from the arguments after `--` (and said so). */
export function unprotectServers(servers: readonly ServerEntry[], options: CommonOptions): Promise<ProtectReport> {
  return run(servers, 'unprotect', options);
}
