import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
// zod/mini: the proxy bundles this file, and the mini build keeps it small and quick to start.
import * as z from 'zod/mini';
import { withFileLock, writeFileAtomic } from '../state/atomic-file.js';
import type { PinnedItem } from './pinned-items.js';

const pinnedItemSchema = z.object({
  kind: z.enum(['tool', 'prompt', 'resource', 'resourceTemplate', 'instructions']),
  key: z.string(),
  hash: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
  definition: z.unknown(),
});

const pinKindSchema = z.enum(['tool', 'prompt', 'resource', 'resourceTemplate', 'instructions']);

/** A difference the proxy saw and withheld, waiting for the user's review (see docs/pinning.md). */
const pendingReviewSchema = z.object({
  kind: pinKindSchema,
  key: z.string(),
  change: z.enum(['changed', 'added', 'removed']),
  /** Hash and definition of what the server offers now (for "removed": the pinned one). */
  hash: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
  definition: z.unknown(),
  /** ISO time the proxy first saw this exact definition. */
  seenAt: z.string(),
  /** The server id (client:scope:path:name) of the proxy that saw it. */
  seenBy: z.optional(z.string()),
});

const pinFileSchema = z.object({
  version: z.literal(1),
  serverKey: z.string(),
  /** The launch the pins were taken from, so an edited command line can be shown for review. */
  launch: z.unknown(),
  updatedAt: z.string(),
  items: z.array(pinnedItemSchema),
  /** Server ids (client:scope:path:name) whose proxies use these pins. */
  serverIds: z.optional(z.array(z.string())),
  /** Kinds whose list the proxy has seen at least once: a kind not seen yet gets the first-sight treatment. */
  kinds: z.optional(z.array(pinKindSchema)),
  /** Differences seen and withheld, waiting for review. */
  pending: z.optional(z.array(pendingReviewSchema)),
  /** Set when a server id's command line changed: these pins were inherited from the old launch. */
  launchChange: z.optional(z.object({ from: z.unknown(), to: z.unknown(), serverId: z.string(), seenAt: z.string() })),
});

export type PendingReview = z.infer<typeof pendingReviewSchema>;

export type PinFile = z.infer<typeof pinFileSchema> & { items: PinnedItem[] };

export type PinLoad = { state: 'absent' } | { state: 'pinned'; pins: PinFile } | { state: 'damaged'; problem: string };

/** One file per server under <state>/pins/, named by a hash of the server key so any name is a safe file name. */
export function pinFilePath(stateDir: string, serverKey: string): string {
  return path.join(stateDir, 'pins', `${createHash('sha256').update(serverKey).digest('hex').slice(0, 32)}.json`);
}

/** A damaged pin file is reported and trusted with nothing: it never counts as "everything approved". */
export async function loadPins(stateDir: string, serverKey: string): Promise<PinLoad> {
  const file = pinFilePath(stateDir, serverKey);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    return { state: 'damaged', problem: `could not read pins ${file}: ${(error as Error).message}` };
  }
  try {
    const parsed = pinFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return { state: 'damaged', problem: `pins ${file} have an unexpected shape: ${parsed.error.issues[0]?.message}` };
    if (parsed.data.serverKey !== serverKey) return { state: 'damaged', problem: `pins ${file} belong to another server (${parsed.data.serverKey})` };
    return { state: 'pinned', pins: parsed.data as PinFile };
  } catch (error) {
    return { state: 'damaged', problem: `pins ${file} are not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * Read-modify-write of one server's pins under a lock, so several proxies of the same server
 * approving or pinning at once never lose each other's changes or tear the file.
 */
export async function updatePins(
  stateDir: string,
  serverKey: string,
  change: (current: PinFile | undefined) => Omit<PinFile, 'version' | 'serverKey' | 'updatedAt'>,
  now = new Date(),
): Promise<PinFile> {
  const file = pinFilePath(stateDir, serverKey);
  return withFileLock(file, async () => {
    const loaded = await loadPins(stateDir, serverKey);
    if (loaded.state === 'damaged') {
      await fs.copyFile(file, `${file}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`).catch(() => undefined);
    }
    const next: PinFile = { version: 1, serverKey, updatedAt: now.toISOString(), ...change(loaded.state === 'pinned' ? loaded.pins : undefined) };
    await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
    return next;
  });
}

export type PinFileEntry = { file: string; load: PinLoad; serverKey?: string };

/** Every pin file in the state directory, loaded (damaged ones included, with what could be read of their key). */
export async function listPinFiles(stateDir: string): Promise<PinFileEntry[]> {
  const dir = path.join(stateDir, 'pins');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const entries: PinFileEntry[] = [];
  for (const name of names.filter((entry) => /^[0-9a-f]{32}\.json$/.test(entry)).sort()) {
    const file = path.join(dir, name);
    let serverKey: string | undefined;
    try {
      const value = JSON.parse(await fs.readFile(file, 'utf8')) as { serverKey?: unknown };
      if (typeof value.serverKey === 'string') serverKey = value.serverKey;
    } catch {
      // Damaged: the load below says how.
    }
    const load = serverKey !== undefined ? await loadPins(stateDir, serverKey) : { state: 'damaged' as const, problem: `pins ${file} cannot be read as a pin file` };
    entries.push(serverKey === undefined ? { file, load } : { file, load, serverKey });
  }
  return entries;
}

/** Forgets a server's pins (under the lock); the next session sees it for the first time. */
export async function removePins(stateDir: string, serverKey: string, file = pinFilePath(stateDir, serverKey)): Promise<void> {
  await withFileLock(file, async () => {
    await fs.rm(file, { force: true });
  });
}
