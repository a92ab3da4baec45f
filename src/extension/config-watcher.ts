// Rescans when anything a scan depends on changes: every config location the last scan looked
// at (existing or not; for recently opened folders only existing ones), config files appearing
// anywhere in the open folders, Warden's state (approvals) and policy file, the settings, the
// folders, Workspace Trust, and the window regaining focus.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ScanResult } from '../core/scan-result.js';
import type { InventoryService } from './inventory-service.js';

/** Config files clients read inside a project folder, watched at any depth. */
export const WORKSPACE_CONFIG_GLOBS = [
  '**/.vscode/mcp.json',
  '**/.vscode/settings.json',
  '**/.mcp.json',
  '**/.cursor/mcp.json',
  '**/.roo/mcp.json',
  '**/.gemini/settings.json',
  '**/.qwen/settings.json',
  '**/.github/mcp.json',
  '**/.kiro/settings/mcp.json',
  '**/.zed/settings.json',
  '**/.codex/config.toml',
  '**/.continue/mcpServers/*',
  '**/.windsurf/mcp_config.json',
  '**/.goose/config.yaml',
  '**/opencode.json',
  '**/opencode.jsonc',
  '**/.copilot/mcp-config.json',
];

const RESCAN_DELAY_MS = 100;

export function registerConfigWatcher(service: InventoryService): vscode.Disposable {
  const rescan = (): void => service.schedule(RESCAN_DELAY_MS);
  const watch = (pattern: vscode.GlobPattern): vscode.Disposable => {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    return vscode.Disposable.from(watcher, watcher.onDidCreate(rescan), watcher.onDidChange(rescan), watcher.onDidDelete(rescan));
  };

  const fixed = vscode.Disposable.from(...WORKSPACE_CONFIG_GLOBS.map((glob) => watch(glob)));

  // One watcher per distinct file the last scan looked at, plus the state directory and the policy.
  let watched = new Map<string, vscode.Disposable>();
  const update = (result: ScanResult): void => {
    try {
      // Recently opened folders can be many; watch their configs only when they exist (the
      // window regaining focus rescans anyway). Everything else is watched existing or not.
      const files = new Set(result.sources.filter((source) => source.location.scope !== 'recent' || source.exists).map((source) => source.location.path));
      files.add(path.join(service.stateDir, 'approvals.json'));
      if (service.settings.policyFile) files.add(service.settings.policyFile);
      const next = new Map<string, vscode.Disposable>();
      for (const file of files) {
        const existing = watched.get(file);
        if (existing) {
          next.set(file, existing);
          continue;
        }
        next.set(file, watch(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file))));
      }
      for (const [file, disposable] of watched) if (!next.has(file)) disposable.dispose();
      watched = next;
    } catch (error) {
      console.error('MCP Warden: could not update the file watchers', error);
    }
  };

  return vscode.Disposable.from(
    fixed,
    service.onDidChange(update),
    { dispose: () => watched.forEach((disposable) => disposable.dispose()) },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('mcpWarden')) service.schedule(0);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(rescan),
    vscode.workspace.onDidGrantWorkspaceTrust(rescan),
    // Another tool (a CLI, another editor) may have changed a config we do not watch.
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) rescan();
    }),
  );
}
