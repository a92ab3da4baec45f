// Builds a home folder in which every client Warden knows has its configs, from the client
// fixtures the adapter tests use, plus a workspace with many files: the machine the scan
// benchmark measures.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allAdapters } from '../src/core/clients/index.js';
import { nodeFileSystem } from '../src/core/fs/node-file-system.js';
import type { ClientId, HostInfo } from '../src/core/model.js';

const fixtures = fileURLToPath(new URL('../test/fixtures/clients/', import.meta.url));

const BY_CLIENT: Record<ClientId, string> = {
  vscode: 'vscode/mcp.json',
  'claude-desktop': 'claude_desktop_config.json',
  'claude-code': 'claude-code/mcp.json',
  cursor: 'cursor-mcp.json',
  windsurf: 'windsurf-mcp_config.json',
  cline: 'cline_mcp_settings.json',
  roo: 'roo-mcp.json',
  'gemini-cli': 'gemini-settings.json',
  codex: 'codex-config.toml',
  continue: 'continue/config.yaml',
  zed: 'zed-settings.json',
  goose: 'goose-config.yaml',
  opencode: 'opencode.jsonc',
  kiro: 'kiro-mcp.json',
  'copilot-cli': 'copilot-mcp-config.json',
  'qwen-code': 'qwen-settings.json',
};

const BY_FILE: Record<string, string> = {
  'settings.json:vscode': 'vscode/settings.json',
  'devcontainer.json:vscode': 'vscode/devcontainer.json',
  '.claude.json:claude-code': 'claude-code/claude.json',
  '.mcp.json:qwen-code': 'claude-code/mcp.json',
  'config.json:continue': 'continue/config.json',
};

function fixtureFor(client: ClientId, file: string): string {
  if (file.endsWith('.code-workspace')) return 'vscode/team.code-workspace';
  if (file.endsWith('.yaml') && client === 'continue' && file !== 'config.yaml') return 'continue/playwright-mcp.yaml';
  return BY_FILE[`${file}:${client}`] ?? BY_CLIENT[client];
}

export interface FakeMachine {
  host: HostInfo;
  workspace: string;
  configFiles: string[];
}

/** Writes every client's config into `root/home` and a workspace of `workspaceFiles` files into `root/workspace`. */
export async function buildFakeMachine(root: string, workspaceFiles: number): Promise<FakeMachine> {
  const home = path.join(root, 'home');
  const workspace = path.join(root, 'workspace');
  const host: HostInfo = { platform: 'linux', homedir: home, env: { HOME: home } };
  await mkdir(path.join(workspace, '.vscode'), { recursive: true });
  await writeFile(path.join(workspace, 'team.code-workspace'), '{}');
  await mkdir(path.join(workspace, '.continue', 'mcpServers'), { recursive: true });
  await writeFile(path.join(workspace, '.continue', 'mcpServers', 'tools.yaml'), '');
  const configFiles: string[] = [];
  for (const adapter of allAdapters) {
    for (const location of await adapter.locations({ host, folders: [workspace], fs: nodeFileSystem })) {
      if (!location.path.startsWith(root)) continue;
      const fixture = fixtureFor(adapter.id, path.basename(location.path));
      await mkdir(path.dirname(location.path), { recursive: true });
      await cp(path.join(fixtures, fixture), location.path);
      configFiles.push(location.path);
    }
  }
  const perDirectory = 500;
  for (let index = 0; index < workspaceFiles; index++) {
    const directory = path.join(workspace, 'src', `module-${Math.floor(index / perDirectory)}`);
    if (index % perDirectory === 0) await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, `file-${index}.ts`), `export const value${index} = ${index};\n`);
  }
  return { host, workspace, configFiles };
}
