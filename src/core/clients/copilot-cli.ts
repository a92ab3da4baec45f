import type { FileSystem } from '../fs/file-system.js';
import type { ConfigLocation, HostInfo } from '../model.js';
import type { ClientAdapter, LocationContext } from './adapter.js';
import { simpleAdapter } from './simple.js';
import { envPath, join, location } from './paths.js';

/** Copilot CLI keeps its state in ~/.copilot ($COPILOT_HOME moves it). Its docs also say
 * XDG_CONFIG_HOME changes the location, so $XDG_CONFIG_HOME/.copilot is read as well when set. */
function copilotFiles(host: HostInfo): { path: string; label?: string }[] {
  const home = envPath(host, 'COPILOT_HOME');
  const files: { path: string; label?: string }[] = [
    { path: join(host, home ?? join(host, host.homedir, '.copilot'), 'mcp-config.json') },
  ];
  const xdg = envPath(host, 'XDG_CONFIG_HOME');
  if (!home && xdg) files.push({ path: join(host, xdg, '.copilot', 'mcp-config.json'), label: 'XDG_CONFIG_HOME' });
  return files;
}

async function exists(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false; // missing or unreadable: Copilot falls back to the next file as well
  }
}

/** GitHub Copilot CLI: mcp-config.json, `mcpServers` with type local|stdio|http|sse. */
const userAdapter = simpleAdapter({
  id: 'copilot-cli',
  displayName: 'GitHub Copilot CLI',
  format: 'json',
  rootKeys: ['mcpServers'],
  spec: {},
  user: copilotFiles,
});

/** In a folder it trusts, Copilot CLI (1.0.102, `copilot mcp --help`) also reads the folder's
 * .mcp.json, or .github/mcp.json when there is no .mcp.json, in the same form. */
export const copilotCliAdapter: ClientAdapter = {
  ...userAdapter,
  async locations(context: LocationContext): Promise<ConfigLocation[]> {
    const result = await userAdapter.locations(context);
    for (const folder of context.folders) {
      const root = join(context.host, folder, '.mcp.json');
      const file = (await exists(context.fs, root)) ? root : join(context.host, folder, '.github', 'mcp.json');
      result.push(location('copilot-cli', 'workspace', file, 'json', { folder }));
    }
    return result;
  },
};
