// "$(shield) N servers · S shadow · F findings", warning-coloured when something needs a look.
import * as vscode from 'vscode';
import type { ScanResult } from '../core/scan-result.js';
import type { InventoryService } from './inventory-service.js';
import { plural } from './presentation.js';

export function statusText(result: ScanResult): { text: string; tooltip: string; warn: boolean } {
  const servers = result.items.length;
  const shadow = result.items.filter((item) => item.status === 'shadow').length;
  const findings = result.findings.length;
  const errors = result.findings.filter((finding) => finding.severity === 'error').length;
  return {
    text: `$(shield) ${plural(servers, 'server')} · ${shadow} shadow · ${plural(findings, 'finding')}`,
    tooltip:
      `MCP Warden: ${plural(servers, 'MCP server')} configured on this machine and in this workspace; ` +
      `${shadow} shadow (not in the approved inventory or organisation policy); ` +
      `${plural(findings, 'finding')} in their configs (${plural(errors, 'error')}). Click to show the Servers view.`,
    warn: shadow > 0 || errors > 0,
  };
}

export function registerStatusBar(service: InventoryService): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mcpWarden.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'MCP Warden';
  item.text = '$(shield) MCP Warden';
  item.tooltip = 'MCP Warden is scanning for MCP servers…';
  item.command = 'mcpWarden.showView';
  item.show();
  const onChange = service.onDidChange((result) => {
    const { text, tooltip, warn } = statusText(result);
    item.text = text;
    item.tooltip = tooltip;
    item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  });
  const onBusy = service.onDidChangeBusy((busy) => {
    if (!service.latest) item.text = busy ? '$(sync~spin) MCP Warden' : '$(shield) MCP Warden';
  });
  return vscode.Disposable.from(item, onChange, onBusy);
}
