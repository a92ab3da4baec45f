import { adapterFor } from '../../../src/core/clients/index.js';
import type { ServerEntry } from '../../../src/core/model.js';

/** Parses a .vscode/mcp.json text with the real VS Code adapter, for tests of what comes after discovery. */
export function vscodeServers(text: string, path = '/work/project/.vscode/mcp.json'): ServerEntry[] {
  const adapter = adapterFor('vscode');
  if (!adapter) throw new Error('the VS Code adapter is missing');
  return adapter.parse(text, { client: 'vscode', scope: 'workspace', path, format: 'jsonc', folder: '/work/project' }).servers;
}
