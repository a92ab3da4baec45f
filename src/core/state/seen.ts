import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from './atomic-file.js';

const seenFileSchema = z.object({ version: z.literal(1), servers: z.array(z.string()) });

export const SEEN_FILE = 'seen-servers.json';

/** The server ids of the previous scan; undefined when there was none (so nothing is "new" on first run). */
export async function loadSeen(dir: string): Promise<Set<string> | undefined> {
  try {
    const parsed = seenFileSchema.safeParse(JSON.parse(await fs.readFile(path.join(dir, SEEN_FILE), 'utf8')));
    return parsed.success ? new Set(parsed.data.servers) : undefined;
  } catch {
    return undefined;
  }
}

export async function saveSeen(dir: string, ids: Iterable<string>): Promise<void> {
  const servers = [...new Set(ids)].sort();
  await writeFileAtomic(path.join(dir, SEEN_FILE), `${JSON.stringify({ version: 1, servers }, null, 2)}\n`);
}
