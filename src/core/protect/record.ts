// What protect remembers per config file, in <state>/protections/<hash of path>.json (0600, atomic):
// for each protected entry, the original text of every span it replaced and what it wrote there,
// so unprotect can give the file back byte for byte; plus the file's sha256 after Warden's last
// write and where the backup of the untouched file is.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../state/atomic-file.js';
import { sha256 } from './text.js';

const editSchema = z.discriminatedUnion('at', [
  z.object({ at: z.literal('command'), original: z.string(), written: z.string() }),
  z.object({ at: z.literal('list-start'), original: z.literal(''), written: z.string() }),
  z.object({ at: z.literal('list-value'), original: z.string(), written: z.string() }),
  z.object({ at: z.literal('after-command'), delta: z.number().int().nonnegative(), original: z.literal(''), written: z.string() }),
]);

const launchSchema = z.object({ command: z.string(), args: z.array(z.string()) });

const entrySchema = z.object({
  name: z.string(),
  client: z.string(),
  jsonPath: z.array(z.union([z.string(), z.number()])),
  protectedAt: z.string(),
  proxyPath: z.string(),
  original: launchSchema,
  protectedLaunch: launchSchema,
  edits: z.array(editSchema),
});

const recordSchema = z.object({
  version: z.literal(1),
  file: z.string(),
  /** sha256 of the file's bytes right after Warden's last write. */
  sha256: z.string(),
  /** The copy of the file taken before Warden first wrote it. */
  backup: z.string().optional(),
  servers: z.record(z.string(), entrySchema),
});

export type ProtectionRecord = z.infer<typeof recordSchema>;
export type ProtectedEntry = z.infer<typeof entrySchema>;

export const PROTECTIONS_DIR = 'protections';

export function recordPath(stateDir: string, file: string): string {
  return path.join(stateDir, PROTECTIONS_DIR, `${sha256(file).slice(0, 32)}.json`);
}

export class RecordError extends Error {}

function parseRecord(text: string, where: string): ProtectionRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RecordError(`${where} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) throw new RecordError(`${where} has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** The record of one config file; undefined when Warden never protected anything in it. A damaged
 * record throws RecordError: better to stop than to guess what to restore. */
export async function loadRecord(stateDir: string, file: string): Promise<ProtectionRecord | undefined> {
  const where = recordPath(stateDir, file);
  let text: string;
  try {
    text = await fs.readFile(where, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RecordError(`could not read ${where}: ${(error as Error).message}`);
  }
  return parseRecord(text, where);
}

/** Saves the record, or removes it when no entry of the file is protected any more. */
export async function saveRecord(stateDir: string, record: ProtectionRecord): Promise<void> {
  const where = recordPath(stateDir, record.file);
  if (Object.keys(record.servers).length === 0) {
    await fs.rm(where, { force: true });
    return;
  }
  await writeFileAtomic(where, `${JSON.stringify(record, null, 2)}\n`);
}

/** Every record in the state directory; damaged ones are skipped and named in `problems`. */
export async function loadAllRecords(stateDir: string): Promise<{ records: ProtectionRecord[]; problems: string[] }> {
  const dir = path.join(stateDir, PROTECTIONS_DIR);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return { records: [], problems: [] };
  }
  const records: ProtectionRecord[] = [];
  const problems: string[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.json')).sort()) {
    const where = path.join(dir, name);
    try {
      records.push(parseRecord(await fs.readFile(where, 'utf8'), where));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { records, problems };
}
