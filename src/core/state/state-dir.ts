import path from 'node:path';
import type { HostInfo } from '../model.js';

/** Warden's per-user state directory: pins, approvals, audit log. MCP_WARDEN_HOME overrides it (tests, portable setups). */
export function stateDirectory(host: HostInfo): string {
  const override = host.env.MCP_WARDEN_HOME;
  const join = host.platform === 'win32' ? path.win32.join : path.posix.join;
  return override && override.length > 0 ? override : join(host.homedir, '.mcp-warden');
}
