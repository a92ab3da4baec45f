import { dollarEnv, simpleAdapter } from './simple.js';
import { join } from './paths.js';

/** Cursor: ~/.cursor/mcp.json and <folder>/.cursor/mcp.json; `${env:VAR}` in values. */
export const cursorAdapter = simpleAdapter({
  id: 'cursor',
  displayName: 'Cursor',
  format: 'json',
  rootKeys: ['mcpServers'],
  spec: {},
  user: (host) => [{ path: join(host, host.homedir, '.cursor', 'mcp.json') }],
  workspace: ['.cursor', 'mcp.json'],
  envReference: dollarEnv,
});
