// Reading the audit log back: the files in rotation order (oldest first), each line validated
// with zod against the proxy's own event schema, damaged lines counted and skipped (a crash can
// leave a torn last line; a person can edit the file), and a tail that follows the live file
// across rotations. Used by `mcp-warden audit` and by the extension's inspector.
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import * as z from 'zod/mini';
import { proxyEventSchema, type ProxyEvent } from '../proxy/events.js';

export const AUDIT_FILE = 'audit.jsonl';

/** The directory the proxies write the audit log to. */
export function auditDirectory(stateDir: string): string {
  return path.join(stateDir, 'audit');
}

/** A line as AuditLog writes it: the event's fields, with `time` as an ISO string `ts`. */
const auditLineSchema = z.looseObject({
  ts: z.iso.datetime(),
  type: z.string(),
});

/** Turns one audit line back into the event the proxy emitted, or undefined when the line is damaged. */
export function parseAuditLine(line: string): ProxyEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const record = auditLineSchema.safeParse(value);
  if (!record.success) return undefined;
  const { ts, ...rest } = record.data;
  const event = proxyEventSchema.safeParse({ ...rest, time: Date.parse(ts) });
  return event.success ? event.data : undefined;
}

/**
 * The audit files of `dir` in the order they were written: the highest rotation number first
 * (audit.4.jsonl is the oldest), the live audit.jsonl last.
 */
export function auditFiles(dir: string, fileName = AUDIT_FILE): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const base = fileName.replace(/\.jsonl$/, '');
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.jsonl$`);
  const rotated = names
    .map((name) => ({ name, n: Number(pattern.exec(name)?.[1] ?? Number.NaN) }))
    .filter((entry) => Number.isSafeInteger(entry.n))
    .sort((a, b) => b.n - a.n)
    .map((entry) => path.join(dir, entry.name));
  return names.includes(fileName) ? [...rotated, path.join(dir, fileName)] : rotated;
}

export interface DamagedLines {
  count: number;
  /** The first damaged line: its file and 1-based line number. */
  first?: { file: string; line: number };
}

export interface AuditReadResult {
  events: ProxyEvent[];
  damaged: DamagedLines;
  files: string[];
  /** Where reading the live file stopped: hand it to AuditTail to follow without a gap. */
  live?: { ino: number; offset: number };
}

/** Reads every audit file in order. Damaged lines are skipped and reported, never fatal. */
export async function readAuditLog(dir: string, filter: (event: ProxyEvent) => boolean = () => true): Promise<AuditReadResult> {
  const files = auditFiles(dir);
  const events: ProxyEvent[] = [];
  const damaged: DamagedLines = { count: 0 };
  let live: AuditReadResult['live'];
  for (const file of files) {
    // A file rotated away between listing and reading is simply gone.
    const handle = await fs.open(file, 'r').catch(() => undefined);
    if (!handle) continue;
    let buffer: Buffer;
    try {
      const stat = await handle.stat();
      buffer = Buffer.alloc(stat.size);
      const { bytesRead } = await handle.read(buffer, 0, stat.size, 0);
      buffer = buffer.subarray(0, bytesRead);
      // An unterminated last line is torn (a crash mid-write) and reported as damaged below; a tail
      // resumes at its start all the same, in case it was only being written.
      if (file === files.at(-1) && path.basename(file) === AUDIT_FILE) live = { ino: stat.ino, offset: buffer.lastIndexOf(0x0a) + 1 };
    } finally {
      await handle.close();
    }
    const lines = buffer.toString('utf8').split('\n');
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!.replace(/\r$/, '');
      if (line.length === 0) continue;
      const event = parseAuditLine(line);
      if (!event) {
        damaged.count++;
        damaged.first ??= { file, line: index + 1 };
        continue;
      }
      if (filter(event)) events.push(event);
    }
  }
  return { events, damaged, files, ...(live ? { live } : {}) };
}

export interface AuditTailOptions {
  dir: string;
  fileName?: string;
  onEvents: (events: ProxyEvent[]) => void;
  onDamaged?: (line: string) => void;
  /** Start this many bytes before the end of the live file (0: only what is appended from now). */
  backlogBytes?: number;
  /** Continue exactly where readAuditLog stopped, if the live file is still that file. */
  resumeFrom?: { ino: number; offset: number };
  pollMs?: number;
}

/**
 * Follows the live audit file by polling (fs.watch misses appends on some filesystems and
 * platforms). Keeps its descriptor across a rotation: what was appended to the old file before it
 * was renamed is read to the end first, then the new live file from its start. Whole lines only.
 */
export class AuditTail {
  private fd: number | undefined;
  private ino: number | undefined;
  private offset = 0;
  private partial = '';
  private decoder = new StringDecoder('utf8');
  private timer: NodeJS.Timeout | undefined;
  private readonly file: string;
  private first = true;

  constructor(private readonly options: AuditTailOptions) {
    this.file = path.join(options.dir, options.fileName ?? AUDIT_FILE);
  }

  start(): void {
    this.poll();
    this.timer = setInterval(() => this.poll(), this.options.pollMs ?? 250);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.closeFd();
  }

  /** Reads what is new now (also called by the timer). */
  poll(): void {
    try {
      if (this.fd === undefined && !this.open()) return;
      this.drain();
      const current = statSync(this.file, { throwIfNoEntry: false });
      if (current && current.ino !== this.ino) {
        // Rotated: the old file is drained above; continue with the new one from its start.
        this.closeFd();
        if (this.open(true)) this.drain();
      } else if (!current) {
        this.closeFd();
      }
    } catch {
      // A vanished or unreadable file: try again on the next poll.
      this.closeFd();
    }
  }

  private open(fromStart = false): boolean {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      this.first = false;
      return false;
    }
    const stat = fstatSync(fd);
    this.fd = fd;
    this.ino = stat.ino;
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
    const resume = this.options.resumeFrom;
    if (this.first && !fromStart && resume && resume.ino === stat.ino && resume.offset <= stat.size) {
      this.offset = resume.offset;
    } else if (this.first && !fromStart) {
      const backlog = this.options.backlogBytes ?? 0;
      this.offset = Math.max(0, stat.size - backlog);
      // Starting mid-line: that first, cut line is dropped below.
      if (this.offset > 0) {
        const before = Buffer.alloc(1);
        readSync(fd, before, 0, 1, this.offset - 1);
        if (before[0] !== 0x0a) this.partial = '\u0000';
      }
    } else {
      this.offset = 0;
    }
    this.first = false;
    return true;
  }

  private drain(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    const size = fstatSync(fd).size;
    if (size < this.offset) {
      // Truncated in place: start over.
      this.offset = 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
    }
    const events: ProxyEvent[] = [];
    const chunk = Buffer.alloc(Math.min(1024 * 1024, Math.max(0, size - this.offset)));
    while (this.offset < size) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, size - this.offset), this.offset);
      if (read <= 0) break;
      this.offset += read;
      this.partial += this.decoder.write(chunk.subarray(0, read));
      const lines = this.partial.split('\n');
      this.partial = lines.pop() ?? '';
      for (const raw of lines) {
        if (raw.startsWith('\u0000')) continue; // The cut line of a backlog start.
        const line = raw.replace(/\r$/, '');
        if (line.length === 0) continue;
        const event = parseAuditLine(line);
        if (event) events.push(event);
        else this.options.onDamaged?.(line);
      }
    }
    if (events.length > 0) this.options.onEvents(events);
  }

  private closeFd(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already closed.
      }
    }
    this.fd = undefined;
  }
}
