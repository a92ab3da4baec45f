// Append-only JSONL audit log in the state directory, shared by every proxy on the machine.
//
// Several proxies append to the same file at once. Each flush is ONE write() of whole lines on a
// descriptor opened with O_APPEND ('a'): the kernel moves the offset to the end of the file and
// writes in one step, so writers never overwrite each other, and on local filesystems (Linux,
// macOS; FILE_APPEND_DATA on Windows) one write() of a regular file is not interleaved with
// another's, so lines are never torn. (PIPE_BUF is about pipes and does not limit this.) Network
// filesystems do not promise either; the state directory is local by design.
//
// Lines are gathered and written every 100 ms (or at 64 KiB), so the relay's hot path costs a
// string push, not a system call: a server answering one message at a time would otherwise cost a
// write and a stat per message. Failures to write never disturb the traffic: the log is
// a record, not a gate.
import { closeSync, fstatSync, mkdirSync, openSync, chmodSync, renameSync, statSync, writeSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface AuditLogOptions {
  dir: string;
  /** Name of the live file; rotated copies are `<base>.1.jsonl` … `<base>.<maxFiles-1>.jsonl`. */
  fileName?: string;
  /** Rotate when the live file reaches this size. */
  maxBytes?: number;
  /** Files kept in all, the live one included. */
  maxFiles?: number;
}

const FLUSH_AT_BYTES = 64 * 1024;
const FLUSH_AFTER_MS = 100;

export class AuditLog {
  readonly file: string;
  private readonly dir: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private fd: number | undefined;
  /** Lines not yet written, joined as they come (one string, not a list joined at each flush). */
  private buffered = '';
  private timer: NodeJS.Timeout | undefined;
  /** Writes that failed (disk full, permissions…), for the session summary. */
  failures = 0;

  constructor(options: AuditLogOptions) {
    this.dir = options.dir;
    this.file = path.join(options.dir, options.fileName ?? 'audit.jsonl');
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.maxFiles = Math.max(1, options.maxFiles ?? 5);
  }

  /** Appends one record as a line. Never throws. */
  append(record: unknown): void {
    let line: string;
    try {
      line = JSON.stringify(record);
    } catch {
      this.failures++;
      return;
    }
    this.appendJson(line);
  }

  /** Appends one line of JSON text already serialised (see auditLine). Never throws. */
  appendJson(json: string): void {
    this.buffered += `${json}\n`;
    // UTF-16 units, not bytes: close enough for a flush threshold.
    if (this.buffered.length >= FLUSH_AT_BYTES) this.flush();
    // Unref'd: a pending flush never keeps a process alive; close() flushes what is left.
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS).unref();
  }

  /** Writes what is buffered now, synchronously (also safe to call on exit). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffered.length === 0) return;
    const data = this.buffered;
    this.buffered = '';
    try {
      const fd = this.open();
      // A string is encoded straight into the write, without a Buffer of its own in between.
      writeSync(fd, data);
      if (fstatSync(fd).size >= this.maxBytes) this.rotate(fd);
    } catch {
      this.failures++;
    }
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already closed: nothing to release.
      }
      this.fd = undefined;
    }
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') chmodSync(this.dir, 0o700);
    this.fd = openSync(this.file, 'a', 0o600);
    return this.fd;
  }

  /**
   * Shifts audit.jsonl → audit.1.jsonl → … and starts a new live file. When another proxy rotated
   * first (the path no longer names our descriptor's file), we only reopen, so one rotation is
   * not done twice. A race between two rotations at the same instant can at worst drop the
   * oldest file one rotation early; no line in the live file is lost.
   */
  private rotate(fd: number): void {
    const ours = fstatSync(fd);
    let current;
    try {
      current = statSync(this.file);
    } catch {
      current = undefined;
    }
    if (current && current.ino === ours.ino && current.dev === ours.dev) {
      const rotated = (n: number): string => this.file.replace(/\.jsonl$/, '') + `.${n}.jsonl`;
      rmSync(rotated(this.maxFiles - 1), { force: true });
      for (let n = this.maxFiles - 2; n >= 1; n--) {
        try {
          renameSync(rotated(n), rotated(n + 1));
        } catch {
          // A gap in the sequence: nothing to shift.
        }
      }
      if (this.maxFiles > 1) renameSync(this.file, rotated(1));
      else rmSync(this.file, { force: true });
    }
    closeSync(fd);
    this.fd = undefined;
    // Start the new live file now, so a reader tailing audit.jsonl finds it.
    this.open();
  }
}
