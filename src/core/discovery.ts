import type { ClientAdapter } from './clients/adapter.js';
import { allAdapters } from './clients/index.js';
import { recentFolders } from './clients/recent-folders.js';
import type { FileSystem } from './fs/file-system.js';
import type { ConfigLocation, ConfigSource, Finding, HostInfo } from './model.js';
import { readConfig } from './read-config.js';

export interface DiscoveryOptions {
  host: HostInfo;
  fs: FileSystem;
  /** Folders open in the editor or named on the command line. */
  folders: readonly string[];
  /** Read the user-level, profile and managed configs of every client (default true). */
  includeUserConfigs?: boolean;
  /** Also read the workspace configs of folders VS Code opened recently (default false). */
  includeRecent?: boolean;
  adapters?: readonly ClientAdapter[];
}

function samePath(a: string, b: string, host: HostInfo): boolean {
  return host.platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** Lists every config location of every client, then reads them all. Reading never starts a server. */
export async function discover(options: DiscoveryOptions): Promise<{ sources: ConfigSource[]; problems: Finding[] }> {
  const adapters = options.adapters ?? allAdapters;
  const open = [...options.folders];
  const found = options.includeRecent ? await recentFolders(options.host, options.fs) : { folders: [], problems: [] };
  const recent = found.folders.filter((folder) => !open.some((known) => samePath(known, folder, options.host)));
  const folders = [...open, ...recent];
  const isRecent = (folder: string | undefined): boolean => folder !== undefined && recent.some((known) => samePath(known, folder, options.host));
  const includeUser = options.includeUserConfigs ?? true;

  const planned: { location: ConfigLocation; adapter: ClientAdapter }[] = [];
  const seen = new Set<string>();
  for (const adapter of adapters) {
    const locations = await adapter.locations({ host: options.host, folders, fs: options.fs });
    for (const location of locations) {
      if (!includeUser && location.folder === undefined && location.scope !== 'project') continue;
      const key = `${adapter.id}\u0000${location.path}\u0000${location.projectKey ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const scoped = location.scope === 'workspace' && isRecent(location.folder) ? { ...location, scope: 'recent' as const } : location;
      planned.push({ location: scoped, adapter });
    }
  }
  const sources = await Promise.all(planned.map(({ location, adapter }) => readConfig(location, adapter, options.fs)));
  return { sources, problems: found.problems };
}
