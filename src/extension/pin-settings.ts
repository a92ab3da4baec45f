// The VS Code setting for what the proxy does with a server it has never seen. The proxies read
// it from <state>/settings.json (they run without VS Code), so the setting is mirrored there —
// only when the user set it, so a choice made with `mcp-warden pins first-sight` is not undone.
import * as vscode from 'vscode';
import { readFirstSightSetting, writeFirstSightSetting } from '../core/pins/pin-policy.js';

const SECTION = 'mcpWarden.pins.firstSight';

async function mirror(stateDir: string): Promise<void> {
  const chosen = vscode.workspace.getConfiguration().inspect<string>(SECTION)?.globalValue;
  if (chosen !== 'trust' && chosen !== 'hold') return;
  if (readFirstSightSetting(stateDir) === chosen) return;
  try {
    await writeFirstSightSetting(stateDir, chosen);
  } catch (error) {
    void vscode.window.showErrorMessage(`MCP Warden could not save the first-sight setting: ${(error as Error).message}`);
  }
}

export function registerPinSettings(stateDir: string): vscode.Disposable {
  setTimeout(() => void mirror(stateDir), 0);
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) void mirror(stateDir);
  });
}
