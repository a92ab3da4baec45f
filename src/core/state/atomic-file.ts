import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Creates the state directory readable by the user alone: it holds approvals and, later, pins and logs. */
export async function ensurePrivateDirectory(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await fs.chmod(dir, 0o700);
}

/**
 * Writes a file so that readers see either the old or the new content, never a torn one: the
 * bytes go to a unique temporary file in the same directory (same filesystem), are flushed, and
 * the temporary file is renamed over the target. The file is created 0600.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await ensurePrivateDirectory(path.dirname(file));
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Serialises read-modify-write cycles on one file across processes with an exclusive lock file,
 * so two CLI runs or a CLI run and the editor never lose each other's approvals. A lock older
 * than `staleMs` is from a crashed process and is taken over.
 */
export async function withFileLock<T>(file: string, action: () => Promise<T>, staleMs = 10_000): Promise<T> {
  await ensurePrivateDirectory(path.dirname(file));
  const lock = `${file}.lock`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const handle = await fs.open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await fs.stat(lock).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > staleMs) {
        await fs.rm(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`could not lock ${file}: ${lock} is held by another process`);
      await new Promise((resolve) => setTimeout(resolve, 15 + Math.random() * 20));
    }
  }
  try {
    return await action();
  } finally {
    await fs.rm(lock, { force: true });
  }
}
