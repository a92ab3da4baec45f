// VS Code and its forks: user and profile mcp.json, the legacy `mcp` setting, and every workspace
// place VS Code reads servers from.
import { member } from '../formats/source-node.js';
import type { ConfigLocation, HostInfo } from '../model.js';
import type { ClientAdapter, LocationContext, ParseOutcome } from './adapter.js';
import { extractMap, lookup, parseWith, settingsServers, type EntrySpec } from './extract.js';
import { basename, editorVariants, join, location } from './paths.js';
import { dollarEnv } from './simple.js';
import type { FileSystem } from '../fs/file-system.js';

const SPEC: EntrySpec = {};

async function listDir(fs: FileSystem, path: string): Promise<string[]> {
  try {
    return await fs.readdir(path);
  } catch {
    // A missing folder means the editor or feature is not there (ENOENT); an unreadable one shows
    // up when the files inside it are read, so nothing is lost by listing none here.
    return [];
  }
}

async function userLocations(host: HostInfo, fs: FileSystem): Promise<ConfigLocation[]> {
  const result: ConfigLocation[] = [];
  for (const variant of editorVariants(host)) {
    result.push(location('vscode', 'user', join(host, variant.userDir, 'mcp.json'), 'jsonc', { label: variant.label }));
    result.push(location('vscode', 'user', join(host, variant.userDir, 'settings.json'), 'jsonc', { label: `${variant.label} settings` }));
    const profiles = join(host, variant.userDir, 'profiles');
    for (const id of (await listDir(fs, profiles)).sort()) {
      result.push(location('vscode', 'profile', join(host, profiles, id, 'mcp.json'), 'jsonc', { label: `${variant.label} profile ${id}` }));
    }
  }
  return result;
}

async function workspaceLocations(host: HostInfo, fs: FileSystem, folder: string): Promise<ConfigLocation[]> {
  const at = (...parts: string[]) => location('vscode', 'workspace', join(host, folder, ...parts), 'jsonc', { folder });
  const result = [
    at('.vscode', 'mcp.json'),
    at('.mcp.json'),
    at('.vscode', 'settings.json'),
    at('.devcontainer', 'devcontainer.json'),
  ];
  for (const name of (await listDir(fs, folder)).sort()) {
    if (name.endsWith('.code-workspace')) result.push(at(name));
  }
  return result;
}

function parseVscode(text: string, config: ConfigLocation): ParseOutcome {
  const name = basename(undefined, config.path);
  return parseWith(text, config, (context, root) => {
    if (name === 'settings.json') {
      const found = settingsServers(root);
      if (found) extractMap(context, found.node, found.path, SPEC);
    } else if (name.endsWith('.code-workspace')) {
      const found = settingsServers(member(root, 'settings'), ['settings']);
      if (found) extractMap(context, found.node, found.path, SPEC);
    } else if (name === 'devcontainer.json') {
      const vscode = member(member(root, 'customizations'), 'vscode');
      const direct = lookup(vscode, ['mcp', 'servers']);
      if (direct) extractMap(context, direct.node, ['customizations', 'vscode', ...direct.path], SPEC);
      const settings = settingsServers(member(vscode, 'settings'), ['customizations', 'vscode', 'settings']);
      if (settings) extractMap(context, settings.node, settings.path, SPEC);
    } else if (name === '.mcp.json') {
      const found = lookup(root, [['servers', 'mcpServers']]);
      if (found) extractMap(context, found.node, found.path, SPEC);
    } else {
      extractMap(context, member(root, 'servers'), ['servers'], SPEC);
    }
  });
}

/** VS Code's own MCP client (and the forks' copies of it). VS Code has no per-entry disabled flag. */
export const vscodeAdapter: ClientAdapter = {
  id: 'vscode',
  displayName: 'VS Code',
  async locations(context: LocationContext): Promise<ConfigLocation[]> {
    const result = await userLocations(context.host, context.fs);
    for (const folder of context.folders) result.push(...(await workspaceLocations(context.host, context.fs, folder)));
    return result;
  },
  parse: parseVscode,
  envReference: dollarEnv,
};
