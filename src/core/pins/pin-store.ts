import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { withFileLock, writeFileAtomic } from '../state/atomic-file.js';
import type { PinnedItem } from './pinned-items.js';

const pinnedItemSchema = z.object({
  kind: z.enum(['tool', 'prompt', 'resource', 'resourceTemplate', 'instructions']),
  key: z.string(),
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  definition: z.unknown(),
});

const pinFileSchema = z.object({
  version: z.literal(1),
  serverKey: z.string(),
  /** The launch the pins were taken from, so an edited command line can be shown for review. */
  launch: z.unknown(),
  updatedAt: z.string(),
  items: z.array(pinnedItemSchema),
});

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
