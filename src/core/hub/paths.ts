// Where the hub listens and where its token lives, derived from the state directory so that a
// proxy and the extension of the same user (and the same MCP_WARDEN_HOME in tests) meet.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export interface HubPaths {
  /** The 0700 directory holding the socket and the token. */
  dir: string;
  /** Unix socket path, or a Windows named pipe name. */
  endpoint: string;
  /** 0600 file with the random token a proxy presents first. */
  tokenFile: string;
}

/** sun_path holds 104 bytes on macOS, 108 on Linux: stay under both, terminator included. */
const MAX_SOCKET_PATH = 100;

export function hubPaths(stateDir: string, platform: NodeJS.Platform = process.platform): HubPaths {
  const dir = path.join(stateDir, 'hub');
  const tokenFile = path.join(dir, 'token');
  const digest = createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 16);
  if (platform === 'win32') {
    // Named pipes live in their own namespace; the digest keeps two state directories apart.
    // A pipe created by Node is accessible to the creating user (and administrators) only.
    return { dir, endpoint: `\\\\.\\pipe\\mcp-warden-${digest}`, tokenFile };
  }
  const inState = path.join(dir, 'hub.sock');
  if (Buffer.byteLength(inState) <= MAX_SOCKET_PATH) return { dir, endpoint: inState, tokenFile };
  // A deep home directory: fall back to a per-user directory under the temp dir, still 0700.
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return { dir, endpoint: path.join(os.tmpdir(), `mcp-warden-${uid}`, `${digest}.sock`), tokenFile };
}
