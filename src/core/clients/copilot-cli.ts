import type { HostInfo } from '../model.js';
import { simpleAdapter } from './simple.js';
import { envPath, join } from './paths.js';

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

/** GitHub Copilot CLI: mcp-config.json, `mcpServers` with type local|stdio|http|sse. */
export const copilotCliAdapter = simpleAdapter({
  id: 'copilot-cli',
  displayName: 'GitHub Copilot CLI',
  format: 'json',
  rootKeys: ['mcpServers'],
  spec: {},
  user: copilotFiles,
});
