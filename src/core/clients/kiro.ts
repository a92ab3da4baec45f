import { dollarBrace, simpleAdapter } from './simple.js';
import { join } from './paths.js';

/** Kiro: ~/.kiro/settings/mcp.json and <folder>/.kiro/settings/mcp.json. */
export const kiroAdapter = simpleAdapter({
  id: 'kiro',
  displayName: 'Kiro',
  format: 'json',
  rootKeys: ['mcpServers'],
  spec: { disabled: { key: 'disabled', disabledWhen: true } },
  user: (host) => [{ path: join(host, host.homedir, '.kiro', 'settings', 'mcp.json') }],
  workspace: ['.kiro', 'settings', 'mcp.json'],
  envReference: dollarBrace,
  disableKey: { key: 'disabled', value: true },
});
