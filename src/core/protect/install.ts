// The proxy script at a stable path in Warden's state directory, so configs rewritten to launch it
// keep working when the extension or CLI is updated or moved; and, for an editor that has no
// Node.js to name, a launcher beside it that runs the proxy on the editor's own runtime.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDirectory } from '../state/atomic-file.js';
import { PROXY_SCRIPT } from './detect.js';

/** The launcher's file name: a protected entry's command when the editor found no `node`. */
export const NODE_LAUNCHER = 'warden-node';

/** Beside the launcher: the absolute path of the editor runtime, on one line. */
const RUNTIME_FILE = `${NODE_LAUNCHER}.runtime`;

// A fixed script: nothing in it comes from a config or from the editor (the runtime's path is read
// from a file at run time, so no path is ever quoted into shell text). `${0%/*}` is the launcher's
// own folder without calling dirname, so the script needs nothing from PATH but the `node` it looks
// for. Under ELECTRON_RUN_AS_NODE=1, VS Code's executable runs a script as plain Node.js does.
const LAUNCHER_SCRIPT = `#!/bin/sh
# MCP Warden: runs the Warden proxy of a protected MCP server. Uses the node on PATH when the client
# has one; otherwise the editor's runtime named in ${RUNTIME_FILE} (beside this file), as Node.js.
if command -v node >/dev/null 2>&1; then
  exec node "$@"
fi
runtime=
IFS= read -r runtime < "\${0%/*}/${RUNTIME_FILE}"
if [ -z "$runtime" ]; then
  echo "warden-node: no node on PATH and no editor runtime named in \${0%/*}/${RUNTIME_FILE}" >&2
  exit 127
fi
if [ -z "\${ELECTRON_RUN_AS_NODE+set}" ]; then
  # Marked as added here, so the proxy removes it again before it starts the server.
  MCP_WARDEN_RUN_AS_NODE_ADDED=1 ELECTRON_RUN_AS_NODE=1 exec "$runtime" "$@"
fi
exec "$runtime" "$@"
`;

export function installedProxyPath(stateDir: string): string {
  return path.join(stateDir, 'bin', PROXY_SCRIPT);
}

export function installedLauncherPath(stateDir: string): string {
  return path.join(stateDir, 'bin', NODE_LAUNCHER);
}

/** Copies the bundled proxy to <stateDir>/bin/warden-proxy.cjs (mode 0644, temp + rename) when its
 * content differs from what is installed. Returns the installed path and whether it was written. */
export async function installProxy(stateDir: string, bundledProxyPath: string): Promise<{ path: string; updated: boolean }> {
  const target = installedProxyPath(stateDir);
  const updated = await installFile(stateDir, target, await fs.readFile(bundledProxyPath), 0o644);
  return { path: target, updated };
}

/**
 * Writes <stateDir>/bin/warden-node (0755) and the file naming `runtime` beside it, when either
 * differs. `runtime` is the editor's executable (VS Code's process.execPath). POSIX only: on
 * Windows a launcher would be a .cmd file, and cmd.exe would re-parse every argument after it,
 * the original server's included, as shell text.
 */
export async function installNodeLauncher(stateDir: string, runtime: string): Promise<{ path: string; updated: boolean }> {
  if (process.platform === 'win32') throw new Error('the node launcher is not available on Windows');
  if (!path.isAbsolute(runtime) || /[\r\n]/.test(runtime)) throw new Error(`the editor runtime must be an absolute path on one line, got ${JSON.stringify(runtime)}`);
  const target = installedLauncherPath(stateDir);
  // The runtime first: a launcher never exists without the file it reads.
  const runtimeUpdated = await installFile(stateDir, path.join(path.dirname(target), RUNTIME_FILE), Buffer.from(`${runtime}\n`, 'utf8'), 0o644);
  const scriptUpdated = await installFile(stateDir, target, Buffer.from(LAUNCHER_SCRIPT, 'utf8'), 0o755);
  return { path: target, updated: runtimeUpdated || scriptUpdated };
}

/** Writes `content` to `target` (temp + rename, so a client starting it never sees half a file) unless it is already there. */
async function installFile(stateDir: string, target: string, content: Buffer, mode: number): Promise<boolean> {
  const current = await fs.readFile(target).catch(() => undefined);
  const currentMode = current && process.platform !== 'win32' ? (await fs.stat(target)).mode & 0o777 : mode;
  if (current && Buffer.compare(current, content) === 0 && currentMode === mode) return false;
  await ensurePrivateDirectory(stateDir);
  await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
  const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'wx', mode);
  try {
    try {
      await handle.writeFile(content);
      if (process.platform !== 'win32') await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return true;
}
