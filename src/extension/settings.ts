// Reads the mcpWarden.* settings through zod, with fallbacks and one warning per bad value.
// In an untrusted workspace a policy file named by workspace settings is ignored: only the
// user's own (global) value counts.
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import * as z from 'zod';
import type { Severity } from '../core/model.js';

export interface WardenSettings {
  /** Absolute path, or undefined when none is configured (or the configured one was ignored). */
  policyFile?: string;
  scanRecentWorkspaces: boolean;
  scanUserConfigs: boolean;
  ruleSeverity: Record<string, Severity | 'off'>;
  /** Why a configured policy file is not used, e.g. Restricted Mode. */
  policyNote?: string;
}

const SECTION = 'mcpWarden';

const schemas = {
  policyFile: z.string(),
  scanRecentWorkspaces: z.boolean(),
  scanUserConfigs: z.boolean(),
  ruleSeverity: z.record(z.string(), z.enum(['error', 'warning', 'info', 'off'])),
};

const defaults = {
  policyFile: '',
  scanRecentWorkspaces: true,
  scanUserConfigs: true,
  ruleSeverity: {} as Record<string, Severity | 'off'>,
};

const warned = new Set<string>();

function warnOnce(key: string, value: unknown, issue: string): void {
  const token = `${key}=${JSON.stringify(value)}`;
  if (warned.has(token)) return;
  warned.add(token);
  void vscode.window.showWarningMessage(`MCP Warden: ignoring the setting ${SECTION}.${key} (${issue}); using the default instead.`);
}

function read<K extends keyof typeof schemas>(config: vscode.WorkspaceConfiguration, key: K, raw?: unknown): z.infer<(typeof schemas)[K]> {
  const value = raw === undefined ? config.get<unknown>(key) : raw;
  if (value === undefined) return defaults[key] as z.infer<(typeof schemas)[K]>;
  const parsed = schemas[key].safeParse(value);
  if (parsed.success) return parsed.data as z.infer<(typeof schemas)[K]>;
  warnOnce(key, value, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; '));
  return defaults[key] as z.infer<(typeof schemas)[K]>;
}

/** `~`, `${userHome}` and `${workspaceFolder}` expand; a relative path is taken from the first folder. */
export function resolvePolicyPath(value: string, folders: readonly string[]): string | undefined {
  let text = value.trim();
  if (text.length === 0) return undefined;
  const home = os.homedir();
  text = text.replace(/\$\{userHome\}/g, home);
  if (text === '~' || text.startsWith('~/') || text.startsWith('~\\')) text = path.join(home, text.slice(1));
  if (text.includes('${workspaceFolder}')) {
    if (!folders[0]) return undefined;
    text = text.replace(/\$\{workspaceFolder\}/g, folders[0]);
  }
  if (path.isAbsolute(text)) return path.normalize(text);
  return folders[0] ? path.resolve(folders[0], text) : undefined;
}

export function readSettings(folders: readonly string[]): WardenSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const settings: WardenSettings = {
    scanRecentWorkspaces: read(config, 'scanRecentWorkspaces'),
    scanUserConfigs: read(config, 'scanUserConfigs'),
    ruleSeverity: read(config, 'ruleSeverity'),
  };
  let policyValue: string;
  if (vscode.workspace.isTrusted) {
    policyValue = read(config, 'policyFile');
  } else {
    // Restricted Mode: a workspace must not be able to point Warden at a policy of its choosing.
    const inspected = config.inspect<unknown>('policyFile');
    policyValue = read(config, 'policyFile', inspected?.globalValue ?? inspected?.defaultValue ?? '');
    const fromWorkspace = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
    if (typeof fromWorkspace === 'string' && fromWorkspace.trim() !== '' && fromWorkspace !== policyValue) {
      settings.policyNote = 'The policy file named by this workspace\'s settings is ignored in Restricted Mode.';
    }
  }
  const policyFile = resolvePolicyPath(policyValue, vscode.workspace.isTrusted ? folders : []);
  if (policyFile) settings.policyFile = policyFile;
  return settings;
}
