import { simpleAdapter } from './simple.js';
import { appConfigHome, join } from './paths.js';

/** Claude Desktop: claude_desktop_config.json in the app's data folder; local (stdio) servers only. */
export const claudeDesktopAdapter = simpleAdapter({
  id: 'claude-desktop',
  displayName: 'Claude Desktop',
  format: 'json',
  rootKeys: ['mcpServers'],
  spec: {},
  user: (host) => [{ path: join(host, appConfigHome(host), 'Claude', 'claude_desktop_config.json') }],
});
