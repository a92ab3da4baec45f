// Reviewing pins: finding a server's pin file by a name a person types, the diff of each pending
// change, and approving (re-pinning) them. Shared by `mcp-warden pins` and the editor.
import path from 'node:path';
import { itemId, type PinnedItem } from './pinned-items.js';
import { listPinFiles, updatePins, type PendingReview, type PinFile, type PinFileEntry } from './pin-store.js';
import { renderForReview } from './render.js';

/** The name of a pin file as listed: its file name without .json (the same for damaged files). */
export function pinFileName(entry: PinFileEntry): string {
  return path.basename(entry.file, '.json');
}

/**
 * Finds the pin file a query names: a server id the proxy ran with (client:scope:path:name), the
 * last segment of one (the server's name), the pin file's name as `pins list` prints it, or the
 * launch key. A name several pin files share is an error listing them.
 */
export async function findPins(stateDir: string, query: string): Promise<PinFileEntry> {
  const entries = await listPinFiles(stateDir);
  const ids = (entry: PinFileEntry): string[] => (entry.load.state === 'pinned' ? (entry.load.pins.serverIds ?? []) : []);
  const exact = entries.filter((entry) => pinFileName(entry) === query || entry.serverKey === query || ids(entry).includes(query));
  const matches = exact.length > 0 ? exact : entries.filter((entry) => ids(entry).some((id) => id.endsWith(`:${query}`) || id.split(':').pop() === query));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new Error(`no pins for a server named "${query}" (see mcp-warden pins list)`);
  throw new Error(`"${query}" names several pinned servers: ${matches.map((entry) => `${pinFileName(entry)} (${ids(entry).join(', ')})`).join('; ')}; name one by its pin file or full server id`);
}

function selects(record: Pick<PendingReview, 'kind' | 'key'>, selectors: readonly string[]): boolean {
  return selectors.some((selector) => selector === record.key || selector === itemId(record));
}

/** The review text of both sides of a pending change ('' for the side that does not exist). */
export function reviewTexts(pins: PinFile, record: PendingReview): { before: string; after: string } {
  const pinned = pins.items.find((item) => item.kind === record.kind && item.key === record.key);
  const current: PinnedItem = { kind: record.kind, key: record.key, hash: record.hash, definition: record.definition };
  return {
    before: pinned ? renderForReview(pinned) : '',
    after: record.change === 'removed' ? '' : renderForReview(current),
  };
}

export function pendingFor(pins: PinFile, selectors: readonly string[]): PendingReview[] {
  const pending = pins.pending ?? [];
  return selectors.length === 0 ? pending : pending.filter((record) => selects(record, selectors));
}

export interface ApproveResult {
  approved: PendingReview[];
  launchAccepted: boolean;
  /** Selectors that named no pending review. */
  unknown: string[];
}

/**
 * Approves pending reviews (all, or those named by key or kind:key) under the pin file's lock:
 * a changed or added item is pinned with exactly the definition that was reviewed, a removed one
 * is unpinned. A damaged pin file is never approved into: reset it instead.
 */
export async function approvePending(stateDir: string, entry: PinFileEntry, selectors: readonly string[], all: boolean): Promise<ApproveResult> {
  if (entry.load.state !== 'pinned' || entry.serverKey === undefined) throw new Error(`the pin file ${entry.file} is damaged; reset it with "mcp-warden pins reset ${pinFileName(entry)}"`);
  const result: ApproveResult = { approved: [], launchAccepted: false, unknown: [] };
  await updatePins(stateDir, entry.serverKey, (current) => {
    if (!current) throw new Error(`the pins of ${entry.serverKey} disappeared or were damaged meanwhile`);
    const pending = current.pending ?? [];
    const chosen = all ? pending : pending.filter((record) => selects(record, selectors));
    result.unknown = all ? [] : selectors.filter((selector) => selector !== 'launch' && !pending.some((record) => selects(record, [selector])));
    let items = [...current.items];
    for (const record of chosen) {
      items = items.filter((item) => !(item.kind === record.kind && item.key === record.key));
      if (record.change !== 'removed') items.push({ kind: record.kind, key: record.key, hash: record.hash, definition: record.definition });
    }
    result.approved = chosen;
    const rest = pending.filter((record) => !chosen.includes(record));
    const acceptLaunch = current.launchChange !== undefined && (all || selectors.includes('launch'));
    result.launchAccepted = acceptLaunch;
    const next: Omit<PinFile, 'version' | 'serverKey' | 'updatedAt'> = { launch: current.launch, items };
    if (current.serverIds) next.serverIds = current.serverIds;
    if (current.kinds) next.kinds = current.kinds;
    if (rest.length > 0) next.pending = rest;
    if (current.launchChange && !acceptLaunch) next.launchChange = current.launchChange;
    return next;
  });
  return result;
}
