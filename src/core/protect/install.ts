// The proxy script at a stable path in Warden's state directory, so configs rewritten to launch it
// keep working when the extension or CLI is updated or moved.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDirectory } from '../state/atomic-file.js';
import { PROXY_SCRIPT } from './detect.js';

export function installedProxyPath(stateDir: string): string {
  return path.join(stateDir, 'bin', PROXY_SCRIPT);
}

/** Copies the bundled proxy to <stateDir>/bin/warden-proxy.cjs (mode 0644, temp + rename) when its
 * content differs from what is installed. Returns the installed path and whether it was written. */
export async function installProxy(stateDir: string, bundledProxyPath: string): Promise<{ path: string; updated: boolean }> {
  const target = installedProxyPath(stateDir);
  const bundled = await fs.readFile(bundledProxyPath);
  const current = await fs.readFile(target).catch(() => undefined);
  if (current && Buffer.compare(current, bundled) === 0) return { path: target, updated: false };
  await ensurePrivateDirectory(stateDir);
  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(bundled);
      if (process.platform !== 'win32') await handle.chmod(0o644);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return { path: target, updated: true };
}
