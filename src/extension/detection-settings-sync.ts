// Mirrors two user settings into the state directory, because the proxies run without VS Code:
// - mcpWarden.detection → <state>/detection.json. Only when the user set it: then the setting
//   owns the file (a hand edit is replaced, after a backup, the next time VS Code starts or the
//   setting changes); unset, a hand-written detection.json is left alone.
// - mcpWarden.policyFile → `policyFile` in <state>/settings.json, so every proxy applies the
//   organisation's detection floor. Only the user (global) value counts: a workspace must not
//   choose what runs for every server on the machine. Set to "" it is forgotten.
// Both settings are read with inspect().globalValue, never from a workspace, trusted or not.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { recordPolicyFile } from '../core/policy/detection-org.js';
import { detectionSettingsSchema, firstIssue } from '../core/policy/detection-schema.js';
import { detectionSettingsPath } from '../core/proxy/detection-settings.js';
import { writeFileAtomic } from '../core/state/atomic-file.js';
import { resolvePolicyPath } from './settings.js';

const DETECTION = 'mcpWarden.detection';
const POLICY_FILE = 'mcpWarden.policyFile';

async function mirrorDetection(stateDir: string): Promise<void> {
  const chosen = vscode.workspace.getConfiguration().inspect<unknown>(DETECTION)?.globalValue;
  if (chosen === undefined) return;
  const parsed = detectionSettingsSchema.safeParse(chosen);
  if (!parsed.success) {
    // The file keeps its last good content: a typo in the setting must not weaken or reset protection.
    void vscode.window.showErrorMessage(`MCP Warden: the setting ${DETECTION} is invalid ${firstIssue(parsed.error)}; detection.json was not changed.`);
    return;
  }
  const file = detectionSettingsPath(stateDir);
  const content = `${JSON.stringify(parsed.data, null, 2)}\n`;
  const previous = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (previous === content) return;
  if (previous !== undefined) await writeFileAtomic(`${file}.bak`, previous);
  await writeFileAtomic(file, content);
}

async function mirrorPolicyFile(stateDir: string): Promise<void> {
  const chosen = vscode.workspace.getConfiguration().inspect<unknown>(POLICY_FILE)?.globalValue;
  if (typeof chosen !== 'string') return;
  // No folders: a relative or ${workspaceFolder} path has no meaning for every proxy, so it is not recorded.
  await recordPolicyFile(stateDir, resolvePolicyPath(chosen, []));
}

function run(what: string, action: Promise<void>): void {
  action.catch((error: unknown) => void vscode.window.showErrorMessage(`MCP Warden could not save ${what}: ${(error as Error).message}`));
}

export function registerDetectionSettingsSync(stateDir: string): vscode.Disposable {
  setTimeout(() => {
    run('the detection settings', mirrorDetection(stateDir));
    run('the policy path for the proxies', mirrorPolicyFile(stateDir));
  }, 0);
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(DETECTION)) run('the detection settings', mirrorDetection(stateDir));
    if (event.affectsConfiguration(POLICY_FILE)) run('the policy path for the proxies', mirrorPolicyFile(stateDir));
  });
}
