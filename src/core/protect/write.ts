// Writing a client's config: a backup before Warden's first write, then temp file + rename in the
// same folder, with the file's mode kept and a refusal when the file changed on disk since it was
// read (sha256 of the bytes read vs the bytes on disk right before the rename).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDirectory } from '../state/atomic-file.js';
import { sha256 } from './text.js';

export class ConflictError extends Error {}

export interface WriteHooks {
  /** Called after the new content is on disk in the temporary file, right before the final check and rename (tests). */
  beforeCommit?: (file: string) => Promise<void>;
}

/** Replaces `file` with `bytes` if it still holds the bytes whose sha256 is `expectedSha`. A symbolic
 * link is followed, so a config kept in a dotfiles repository stays a link. */
export async function writeConfigAtomic(file: string, bytes: Uint8Array, expectedSha: string, hooks: WriteHooks = {}): Promise<void> {
  const target = await fs.realpath(file);
  const info = await fs.stat(target);
  const mode = info.mode & 0o7777;
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.warden-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temporary, 'wx', mode);
  try {
    try {
      await handle.writeFile(bytes);
      if (process.platform !== 'win32') await handle.chmod(mode); // the umask may have narrowed it
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.beforeCommit?.(file);
    const current = await fs.readFile(target);
    if (sha256(current) !== expectedSha) {
      throw new ConflictError(`${file} changed on disk since Warden read it; nothing was written. Run the command again to work on the new content.`);
    }
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Copies the untouched bytes to <state>/backups/<name>.warden-backup-<timestamp>-<hash of path> (0600). */
export async function backupConfig(stateDir: string, file: string, bytes: Uint8Array, now: Date): Promise<string> {
  const dir = path.join(stateDir, 'backups');
  await ensurePrivateDirectory(dir);
  const backup = path.join(dir, `${path.basename(file)}.warden-backup-${timestamp(now)}-${sha256(file).slice(0, 8)}`);
  const handle = await fs.open(backup, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return backup;
}
