// How servers and findings are worded and drawn, shared by the tree, the status bar and commands.
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Scope, ServerEntry } from '../core/model.js';
import type { InventoryItem } from '../core/scan-result.js';

export function shorten(text: string, max = 64): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length <= max ? single : `${single.slice(0, max - 1)}…`;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg);
}

/** "stdio · npx -y @modelcontextprotocol/server-github" or "http · https://…" */
export function launchText(server: ServerEntry, max = 64): string {
  if (server.transport === 'stdio') {
    const line = [server.command?.value ?? '(no command)', ...server.args.map((arg) => quoteArg(arg.value))].join(' ');
    return `stdio · ${shorten(line, max)}`;
  }
  return `${server.transport} · ${shorten(server.url?.value ?? '(no url)', max)}`;
}

export function statusWords(item: InventoryItem): string[] {
  const words: string[] = [item.status];
  if (item.isNew) words.push('new');
  if (item.conflictsWith.length > 0) words.push('conflicting');
  if (item.protected) words.push('protected');
  return words;
}

export function statusIcon(item: InventoryItem): vscode.ThemeIcon {
  switch (item.status) {
    case 'approved':
      return item.conflictsWith.length > 0
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'shadow':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    default:
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
  }
}

export function severityIcon(finding: Finding): vscode.ThemeIcon {
  switch (finding.severity) {
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    default:
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('notificationsInfoIcon.foreground'));
  }
}

/** ~/… for files under the home folder, folder-relative for files in an open folder. */
export function displayPath(file: string): string {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const relative = path.relative(folder.uri.fsPath, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
      return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${relative}` : relative;
    }
  }
  const home = os.homedir();
  const fromHome = path.relative(home, file);
  if (fromHome && !fromHome.startsWith('..') && !path.isAbsolute(fromHome)) return `~/${fromHome.split(path.sep).join('/')}`;
  return file;
}

export const SCOPE_ORDER: Scope[] = ['workspace', 'project', 'user', 'profile', 'managed', 'recent'];

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
