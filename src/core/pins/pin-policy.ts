// The pin policy: what the proxy does with every list result, the instructions of initialize (or
// server/discover) and every call, so that a server that changes what it offers after approval (a
// "rug pull") has exactly the changed items withheld until the user reviews them. See docs/pinning.md.
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { idKey, type JsonRpcErrorObject } from '../protocol/jsonrpc.js';
import { PASS, type InspectedMessage, type Policy, type PolicyContext, type Verdict } from '../proxy/policy.js';
import { canonicalHash, canonicalJson } from './canonical.js';
import { comparePins } from './compare.js';
import { itemId, pinInstructions, pinItems, type PinKind, type PinnedItem } from './pinned-items.js';
import { withFileLock, writeFileAtomic } from '../state/atomic-file.js';
import { listPinFiles, loadPins, pinFilePath, updatePins, type PendingReview, type PinFile, type PinLoad } from './pin-store.js';

export type FirstSight = 'trust' | 'hold';

/** The JSON-RPC error code of a call Warden refused because of pins: in the implementation-defined server-error range, like every Warden block. */
export const PIN_BLOCK_CODE = -32001;

export interface Launch {
  command: string;
  args: readonly string[];
}

/**
 * Pins are keyed by the launch spec (command and arguments after `--`), so every client that runs
 * the same server the same way shares one pin file; the server ids that use it are recorded in it.
 */
export function launchKey(launch: Launch): string {
  return `launch:${canonicalHash({ command: launch.command, args: [...launch.args] })}`;
}

type ListKind = Exclude<PinKind, 'instructions'>;

interface ListMethod {
  kind: ListKind;
  field: string;
  notification: string;
}

export const LIST_METHODS: Readonly<Record<string, ListMethod>> = {
  'tools/list': { kind: 'tool', field: 'tools', notification: 'notifications/tools/list_changed' },
  'prompts/list': { kind: 'prompt', field: 'prompts', notification: 'notifications/prompts/list_changed' },
  'resources/list': { kind: 'resource', field: 'resources', notification: 'notifications/resources/list_changed' },
  'resources/templates/list': { kind: 'resourceTemplate', field: 'resourceTemplates', notification: 'notifications/resources/list_changed' },
};

const CALL_METHODS: Readonly<Record<string, { kind: ListKind; field: string }>> = {
  'tools/call': { kind: 'tool', field: 'name' },
  'prompts/get': { kind: 'prompt', field: 'name' },
  'resources/read': { kind: 'resource', field: 'uri' },
  'resources/subscribe': { kind: 'resource', field: 'uri' },
};

const NOTIFICATION_OF: Record<PinKind, string | undefined> = {
  tool: LIST_METHODS['tools/list']!.notification,
  prompt: LIST_METHODS['prompts/list']!.notification,
  resource: LIST_METHODS['resources/list']!.notification,
  resourceTemplate: LIST_METHODS['resources/templates/list']!.notification,
  instructions: undefined,
};

const NOUN: Record<PinKind, string> = { tool: 'tool', prompt: 'prompt', resource: 'resource', resourceTemplate: 'resource template', instructions: 'instructions' };

export type BlockReason = 'changed' | 'added' | 'first-sight' | 'damaged' | 'unapproved';

interface Blocked {
  kind: PinKind;
  key: string;
  hash: string;
  reason: BlockReason;
}

export interface PinPolicyOptions {
  stateDir: string;
  serverId: string;
  launch: Launch;
  firstSight: FirstSight;
  /** Writes one complete line to the client (list_changed after an approval made elsewhere). */
  notifyClient: (line: Buffer) => void;
  /** Reports what the user should know (changes withheld, a damaged pin file); reaches the audit log and the hub. */
  warn: (message: string) => void;
  now?: () => Date;
  /** How often the pin file is polled for approvals while something is withheld; 0 turns polling off. */
  pollMs?: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The words of the error a blocked call gets, naming Warden, the item and the way to review it. */
export function blockMessage(serverId: string, kind: PinKind, key: string, reason: BlockReason): string {
  const why: Record<BlockReason, string> = {
    changed: 'its definition changed since it was approved',
    added: `it is new since this server's ${NOUN[kind]}s were approved`,
    'first-sight': 'this server is new to Warden and held until you approve it',
    damaged: "this server's pin file is damaged, so nothing it offers is trusted (fix it with `mcp-warden pins reset`)",
    unapproved: 'it has not been approved for this server',
  };
  return `MCP Warden blocked ${NOUN[kind]} "${key}": ${why[reason]}; review it with \`mcp-warden pins diff ${shellQuote(serverId)} ${shellQuote(key)}\` or in VS Code`;
}

interface Evaluation {
  allowed: PinnedItem[];
  withheld: { item: PinnedItem; reason: BlockReason }[];
  removed: PinnedItem[];
  next: Omit<PinFile, 'version' | 'serverKey' | 'updatedAt'>;
}

/** What one listing is remembered by across its pages (nextCursor). */
interface Listing {
  seen: Set<string>;
  differing: Set<string>;
  /** Decided on the first page: a first-sight listing pins (or holds) every page of it alike. */
  firstSight?: boolean;
}

export class PinPolicy {
  readonly serverKey: string;
  private readonly options: PinPolicyOptions;
  private readonly now: () => Date;
  /** Requests for lists by id: whether they asked for a later page. */
  private readonly listRequests = new Map<string, boolean>();
  private readonly listings = new Map<PinKind, Listing>();
  private readonly listedKinds = new Set<PinKind>();
  private readonly blocked = new Map<string, Blocked>();
  private readonly reported = new Set<string>();
  private cached: PinLoad | undefined;
  private poller: NodeJS.Timeout | undefined;
  private lastStamp = '';
  private polling = false;

  constructor(options: PinPolicyOptions) {
    this.options = options;
    this.serverKey = launchKey(options.launch);
    this.now = options.now ?? (() => new Date());
    void this.reload();
  }

  /** The policy function for the relay. Everything but lists, initialize and calls passes synchronously. */
  readonly policy: Policy = (message: InspectedMessage, context: PolicyContext): Verdict | Promise<Verdict> => {
    const parsed = message.parsed;
    if (parsed.kind === 'batch' && message.direction === 'client-to-server') {
      // Batches (2025-03-26 only) get one verdict: a batch calling a withheld item is refused whole.
      for (const item of parsed.items) {
        if (item.kind !== 'request' || !CALL_METHODS[item.method]) continue;
        const verdict = this.policy({ ...message, parsed: item }, context);
        if (!(verdict instanceof Promise) && verdict.action === 'block') return verdict;
      }
      return PASS;
    }
    if (parsed.kind === 'request' && message.direction === 'client-to-server') {
      if (LIST_METHODS[parsed.method]) {
        this.listRequests.set(idKey(parsed.id), isObject(parsed.params) && parsed.params.cursor !== undefined);
        return PASS;
      }
      const call = CALL_METHODS[parsed.method];
      if (!call) return PASS;
      const subject = isObject(parsed.params) ? parsed.params[call.field] : undefined;
      if (typeof subject !== 'string') return PASS;
      const reason = this.callBlockReason(call.kind, subject);
      if (!reason) return PASS;
      return { action: 'block', error: this.blockError(call.kind, subject, reason), notes: [`pins: ${reason}`] };
    }
    if (parsed.kind === 'response' && message.direction === 'server-to-client' && context.request) {
      const method = context.request.method;
      // server/discover (2026-07-28) is checked only when it carries instructions, so a discover
      // answer without them does not pin "no instructions" ahead of initialize's.
      if (method === 'initialize' || (method === 'server/discover' && isObject(parsed.result) && typeof parsed.result.instructions === 'string')) return this.checkInstructions(message, parsed.result);
      const list = LIST_METHODS[method];
      if (list) {
        const cursor = this.listRequests.get(idKey(parsed.id)) ?? false;
        this.listRequests.delete(idKey(parsed.id));
        return this.checkList(list, message, parsed.result, cursor);
      }
    }
    return PASS;
  };

  /** Stops polling (the session ended). */
  close(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
  }

  /** Withheld items of this session, for tests and the inspector. */
  withheld(): Blocked[] {
    return [...this.blocked.values()];
  }

  private blockError(kind: PinKind, key: string, reason: BlockReason): JsonRpcErrorObject {
    return {
      code: PIN_BLOCK_CODE,
      message: blockMessage(this.options.serverId, kind, key, reason),
      data: { warden: 'pins', kind, name: key, reason, server: this.options.serverId },
    };
  }

  private callBlockReason(kind: ListKind, key: string): BlockReason | undefined {
    const blocked = this.blocked.get(itemId({ kind, key }));
    if (blocked) return blocked.reason;
    const load = this.cached;
    if (load?.state === 'damaged') return 'damaged';
    if (this.listedKinds.has(kind)) return undefined;
    // Called before this session listed its kind (a client that cached the list): only what is pinned passes.
    if (load === undefined || load.state === 'absent') return this.options.firstSight === 'hold' ? 'first-sight' : undefined;
    if (!(load.pins.kinds ?? []).includes(kind)) return this.options.firstSight === 'hold' ? 'first-sight' : undefined;
    return load.pins.items.some((item) => item.kind === kind && item.key === key) ? undefined : 'unapproved';
  }

  private async reload(): Promise<PinLoad> {
    this.cached = await loadPins(this.options.stateDir, this.serverKey);
    return this.cached;
  }

  private async checkList(list: ListMethod, message: InspectedMessage, result: unknown, laterPage: boolean): Promise<Verdict> {
    if (!isObject(result) || !Array.isArray(result[list.field])) return PASS;
    const items = result[list.field] as unknown[];
    if (!laterPage || !this.listings.has(list.kind)) this.listings.set(list.kind, { seen: new Set(), differing: new Set() });
    const listing = this.listings.get(list.kind)!;
    const lastPage = typeof result.nextCursor !== 'string';
    const current = pinItems(list.kind, items);
    const evaluation = await this.evaluate(list.kind, current, listing, lastPage);
    if (lastPage) this.listedKinds.add(list.kind);
    if (evaluation.withheld.length === 0) return evaluation.removed.length > 0 ? { action: 'annotate', notes: this.removedNotes(evaluation.removed) } : PASS;
    const keep = new Set(evaluation.allowed.map((item) => item));
    const object = JSON.parse(message.body.toString('utf8')) as { result: Record<string, unknown> };
    object.result[list.field] = items.filter((_, index) => keep.has(current[index]!));
    return {
      action: 'rewrite',
      bytes: Buffer.from(`${JSON.stringify(object)}\n`, 'utf8'),
      notes: [...evaluation.withheld.map(({ item, reason }) => `pins: withheld ${NOUN[item.kind]} "${item.key}" (${reason})`), ...this.removedNotes(evaluation.removed)],
    };
  }

  private removedNotes(removed: PinnedItem[]): string[] {
    return removed.map((item) => `pins: pinned ${NOUN[item.kind]} "${item.key}" was removed by the server`);
  }

  /** Instructions of initialize (or server/discover) are one pinned item; changed ones are stripped from the result. */
  private async checkInstructions(message: InspectedMessage, result: unknown): Promise<Verdict> {
    if (!isObject(result)) return PASS;
    const current = typeof result.instructions === 'string' ? [pinInstructions(result.instructions)] : [];
    const evaluation = await this.evaluate('instructions', current, { seen: new Set(), differing: new Set() }, true);
    if (evaluation.withheld.length === 0) return PASS;
    const object = JSON.parse(message.body.toString('utf8')) as { result: Record<string, unknown> };
    delete object.result.instructions;
    return { action: 'rewrite', bytes: Buffer.from(`${JSON.stringify(object)}\n`, 'utf8'), notes: [`pins: withheld the server instructions (${evaluation.withheld[0]!.reason})`] };
  }

  /**
   * Compares one page of items with the pins (re-read from disk every time, so approvals made by
   * another process count at once), records what is new to pin or to review, and returns what passes.
   */
  private async evaluate(kind: PinKind, current: PinnedItem[], listing: Listing, lastPage: boolean): Promise<Evaluation> {
    const load = await this.reload();
    if (load.state === 'damaged') {
      const evaluation: Evaluation = { allowed: [], withheld: current.map((item) => ({ item, reason: 'damaged' })), removed: [], next: { launch: undefined, items: [] } };
      this.track(kind, evaluation);
      this.report(`damaged:${load.problem}`, `Server ${this.options.serverId}: ${load.problem}. Everything it offers is withheld until the pins are reset (mcp-warden pins reset).`);
      return evaluation;
    }
    const inherited = load.state === 'absent' ? await this.previousLaunch() : undefined;
    const existing = load.state === 'pinned' ? load.pins : undefined;
    const planned = this.plan(kind, current, listing, lastPage, existing, inherited);
    let evaluation = planned;
    if (this.differs(existing, planned.next)) {
      try {
        const written = await updatePins(this.options.stateDir, this.serverKey, (fresh) => {
          // Another proxy may have written meanwhile: decide again against what is on disk now.
          evaluation = this.plan(kind, current, listing, lastPage, fresh, fresh ? undefined : inherited);
          return evaluation.next;
        });
        this.cached = { state: 'pinned', pins: written };
      } catch (error) {
        this.options.warn(`could not record pins of ${this.options.serverId}: ${(error as Error).message}`);
      }
    }
    for (const { item } of evaluation.withheld) listing.differing.add(itemId(item));
    this.track(kind, evaluation);
    if (evaluation.withheld.length > 0 || evaluation.removed.length > 0) this.summarise(kind, evaluation);
    return evaluation;
  }

  private plan(kind: PinKind, current: PinnedItem[], listing: Listing, lastPage: boolean, file: PinFile | undefined, inherited: PinFile | undefined): Evaluation {
    const base = file ?? inherited;
    const now = this.now().toISOString();
    const kinds = new Set(base?.kinds ?? []);
    const items = [...(base?.items ?? [])];
    let pending = [...(file?.pending ?? [])];
    const serverIds = new Set(file?.serverIds ?? []);
    serverIds.add(this.options.serverId);
    const launch = { command: this.options.launch.command, args: [...this.options.launch.args] };
    const launchChange = file ? file.launchChange : inherited ? { from: inherited.launch, to: launch, serverId: this.options.serverId, seenAt: now } : undefined;
    for (const item of current) listing.seen.add(itemId(item));

    const evaluation: Evaluation = { allowed: [], withheld: [], removed: [], next: { launch, items, serverIds: [...serverIds].sort() } };
    listing.firstSight ??= !kinds.has(kind);
    const firstSight = listing.firstSight;
    if (firstSight && this.options.firstSight === 'trust') {
      // Trust on first use: what the server offers the first time is what gets pinned.
      for (const item of current) if (!items.some((old) => itemId(old) === itemId(item))) items.push(item);
      evaluation.allowed = current;
    } else {
      const comparison = comparePins(kind, items, current);
      evaluation.allowed = comparison.unchanged;
      const reasonFor = (added: boolean): BlockReason => (firstSight ? 'first-sight' : added ? 'added' : 'changed');
      evaluation.withheld = [...comparison.changed.map(({ current: item }) => ({ item, reason: reasonFor(false) })), ...comparison.added.map((item) => ({ item, reason: reasonFor(true) }))];
      // Order of the list as the server sent it, for the notes.
      evaluation.withheld.sort((a, b) => current.indexOf(a.item) - current.indexOf(b.item));
      const upsert = (record: PendingReview): void => {
        const index = pending.findIndex((old) => old.kind === record.kind && old.key === record.key);
        if (index >= 0 && pending[index]!.hash === record.hash && pending[index]!.change === record.change) return;
        if (index >= 0) pending[index] = record;
        else pending.push(record);
      };
      for (const { item } of evaluation.withheld) {
        const change = items.some((old) => itemId(old) === itemId(item)) ? 'changed' : 'added';
        upsert({ kind, key: item.key, change, hash: item.hash, definition: item.definition, seenAt: now, seenBy: this.options.serverId });
      }
      if (lastPage) {
        const differing = new Set([...listing.differing, ...evaluation.withheld.map(({ item }) => itemId(item))]);
        evaluation.removed = items.filter((item) => item.kind === kind && !listing.seen.has(itemId(item)));
        for (const item of evaluation.removed) upsert({ kind, key: item.key, change: 'removed', hash: item.hash, definition: item.definition, seenAt: now, seenBy: this.options.serverId });
        const removed = new Set(evaluation.removed.map((item) => itemId(item)));
        // A difference the server took back (it offers the pinned definition again) needs no review any more.
        pending = pending.filter((record) => record.kind !== kind || differing.has(itemId(record)) || removed.has(itemId(record)));
      }
    }
    kinds.add(kind);
    evaluation.next.kinds = [...kinds].sort();
    if (pending.length > 0) evaluation.next.pending = pending;
    if (launchChange) evaluation.next.launchChange = launchChange;
    return evaluation;
  }

  private differs(file: PinFile | undefined, next: Evaluation['next']): boolean {
    if (!file) return true;
    const shape = (value: Evaluation['next']): string =>
      canonicalJson({ items: value.items.map((item) => [item.kind, item.key, item.hash]), kinds: value.kinds ?? [], serverIds: value.serverIds ?? [], pending: (value.pending ?? []).map((record) => [record.kind, record.key, record.change, record.hash]) });
    return shape(file) !== shape(next);
  }

  /** The pins this server id used under another command line, if it had any: an edited launch inherits them (and the change is recorded for review). */
  private async previousLaunch(): Promise<PinFile | undefined> {
    const candidates = (await listPinFiles(this.options.stateDir))
      .map((entry) => (entry.load.state === 'pinned' ? entry.load.pins : undefined))
      .filter((pins): pins is PinFile => pins !== undefined && pins.serverKey !== this.serverKey && (pins.serverIds ?? []).includes(this.options.serverId));
    return candidates.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  }

  private track(kind: PinKind, evaluation: Evaluation): void {
    for (const item of evaluation.allowed) this.blocked.delete(itemId(item));
    for (const { item, reason } of evaluation.withheld) this.blocked.set(itemId(item), { kind, key: item.key, hash: item.hash, reason });
    if (this.blocked.size > 0) this.startPolling();
  }

  private summarise(kind: PinKind, evaluation: Evaluation): void {
    const count = (reason: BlockReason): number => evaluation.withheld.filter((entry) => entry.reason === reason).length;
    const parts: string[] = [];
    const noun = NOUN[kind];
    const plural = (n: number): string => (n === 1 || kind === 'instructions' ? noun : `${noun}s`);
    if (count('changed')) parts.push(`${count('changed')} ${plural(count('changed'))} changed`);
    if (count('added')) parts.push(`${count('added')} ${plural(count('added'))} added`);
    if (count('first-sight')) parts.push(`${count('first-sight')} ${plural(count('first-sight'))} held on first sight`);
    if (evaluation.removed.length) parts.push(`${evaluation.removed.length} ${plural(evaluation.removed.length)} removed`);
    const key = canonicalJson([...evaluation.withheld.map(({ item }) => [item.key, item.hash]), ...evaluation.removed.map((item) => item.key)]);
    const blocked = evaluation.withheld.length > 0 ? ' — blocked until reviewed' : '';
    this.report(`${kind}:${key}`, `Server ${this.options.serverId}: ${parts.join(', ')}${blocked} (mcp-warden pins diff ${shellQuote(this.options.serverId)})`);
  }

  private report(key: string, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.warn(message);
  }

  private startPolling(): void {
    const every = this.options.pollMs ?? 1_000;
    if (this.poller || every <= 0) return;
    this.poller = setInterval(() => void this.poll(), every);
    this.poller.unref();
  }

  /** While something is withheld: notices approvals made by another process and tells the client to list again. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const info = await fs.stat(pinFilePath(this.options.stateDir, this.serverKey)).catch(() => undefined);
      const stamp = info ? `${info.mtimeMs}:${info.size}:${info.ino}` : 'absent';
      if (stamp === this.lastStamp) return;
      this.lastStamp = stamp;
      const load = await this.reload();
      const kinds = new Set<PinKind>();
      for (const [id, blocked] of this.blocked) {
        const approved =
          load.state === 'pinned'
            ? load.pins.items.some((item) => item.kind === blocked.kind && item.key === blocked.key && item.hash === blocked.hash)
            : load.state === 'absent' && this.options.firstSight === 'trust';
        if (!approved) continue;
        this.blocked.delete(id);
        kinds.add(blocked.kind);
      }
      const notifications = new Set([...kinds].map((kind) => NOTIFICATION_OF[kind]).filter((method): method is string => method !== undefined));
      for (const method of notifications) this.options.notifyClient(Buffer.from(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`, 'utf8'));
      if (this.blocked.size === 0) this.close();
    } finally {
      this.polling = false;
    }
  }
}

/** The pinning settings file the extension and the CLI write: <state>/settings.json, `{"pins":{"firstSight":"trust"|"hold"}}`. */
export function readFirstSightSetting(stateDir: string): FirstSight | undefined {
  try {
    // Read synchronously once at start: the file is tiny and the policy needs it before the first message.
    const value = JSON.parse(readFileSync(settingsPath(stateDir), 'utf8')) as unknown;
    const setting = isObject(value) && isObject(value.pins) ? value.pins.firstSight : undefined;
    return setting === 'trust' || setting === 'hold' ? setting : undefined;
  } catch {
    return undefined;
  }
}

export function settingsPath(stateDir: string): string {
  return path.join(stateDir, 'settings.json');
}

/** Sets the first-sight behaviour in <state>/settings.json (under its lock, keeping every other setting). */
export async function writeFirstSightSetting(stateDir: string, mode: FirstSight): Promise<void> {
  const file = settingsPath(stateDir);
  await withFileLock(file, async () => {
    let value: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
      if (isObject(parsed)) value = parsed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file} is not valid JSON; fix or remove it first`);
    }
    value.pins = { ...(isObject(value.pins) ? value.pins : {}), firstSight: mode };
    await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
  });
}
