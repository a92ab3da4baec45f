import { dollarEnv, simpleAdapter } from './simple.js';
import { join } from './paths.js';

/** Windsurf (Cascade): ~/.codeium/windsurf/mcp_config.json; remote servers under `serverUrl` (or `url`). */
export const windsurfAdapter = simpleAdapter({
  id: 'windsurf',
  displayName: 'Windsurf',
  format: 'json',
  rootKeys: ['mcpServers'],
  spec: { urls: [{ key: 'serverUrl' }, { key: 'url' }], disabled: { key: 'disabled', disabledWhen: true } },
  user: (host) => [{ path: join(host, host.homedir, '.codeium', 'windsurf', 'mcp_config.json') }],
  envReference: dollarEnv,
  disableKey: { key: 'disabled', value: true },
});
