// Where clients keep their files on each platform, resolved from a HostInfo value (never from
// process.env or os.homedir) so tests on Linux cover macOS and Windows paths too.
import { posix, win32 } from 'node:path';
import type { ClientId, ConfigFormat, ConfigLocation, HostInfo, Scope } from '../model.js';

export type PathApi = typeof posix;

/** node:path's variant for the host's platform: win32 paths stay correct when tests run on Linux. */
export function pathsFor(host: HostInfo): PathApi {
  return host.platform === 'win32' ? win32 : posix;
}

export function join(host: HostInfo, ...parts: string[]): string {
  return pathsFor(host).join(...parts);
}

/** A non-empty, absolute environment value, or undefined (relative values are ignored, as XDG says). */
export function envPath(host: HostInfo, name: string): string | undefined {
  const value = host.env[name];
  if (!value) return undefined;
  return pathsFor(host).isAbsolute(value) ? value : undefined;
}

/** $XDG_CONFIG_HOME or ~/.config, on every platform (for tools that follow XDG even on macOS and Windows). */
export function xdgConfigHome(host: HostInfo): string {
  return envPath(host, 'XDG_CONFIG_HOME') ?? join(host, host.homedir, '.config');
}

/** Windows' roaming application data: %APPDATA%, else %USERPROFILE%\AppData\Roaming. */
export function appData(host: HostInfo): string {
  const userProfile = envPath(host, 'USERPROFILE') ?? host.homedir;
  return envPath(host, 'APPDATA') ?? join(host, userProfile, 'AppData', 'Roaming');
}

/** Where desktop apps (Electron: VS Code, Claude Desktop) keep per-user data. */
export function appConfigHome(host: HostInfo): string {
  switch (host.platform) {
    case 'win32':
      return appData(host);
    case 'darwin':
      return join(host, host.homedir, 'Library', 'Application Support');
    default:
      return xdgConfigHome(host);
  }
}

export interface EditorVariant {
  /** The product's data folder name, e.g. "Code - Insiders". */
  product: string;
  label: string;
  userDir: string;
}

const EDITOR_PRODUCTS: readonly { product: string; label: string }[] = [
  { product: 'Code', label: 'VS Code' },
  { product: 'Code - Insiders', label: 'VS Code Insiders' },
  { product: 'VSCodium', label: 'VSCodium' },
  { product: 'Cursor', label: 'Cursor' },
  { product: 'Windsurf', label: 'Windsurf' },
];

/** The `User` folders of VS Code and its forks (settings.json, mcp.json, profiles/, globalStorage/). */
export function editorVariants(host: HostInfo): EditorVariant[] {
  const base = appConfigHome(host);
  return EDITOR_PRODUCTS.map(({ product, label }) => ({ product, label, userDir: join(host, base, product, 'User') }));
}

export function location(
  client: ClientId,
  scope: Scope,
  path: string,
  format: ConfigFormat,
  extra: { label?: string; folder?: string; projectKey?: string } = {},
): ConfigLocation {
  const result: ConfigLocation = { client, scope, path, format };
  if (extra.label !== undefined) result.label = extra.label;
  if (extra.folder !== undefined) result.folder = extra.folder;
  if (extra.projectKey !== undefined) result.projectKey = extra.projectKey;
  return result;
}

export function basename(host: HostInfo | undefined, path: string): string {
  // Parse never gets a HostInfo; a path from either platform ends at its last separator.
  if (host) return pathsFor(host).basename(path);
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}
