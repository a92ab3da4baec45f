// The mcpWarden.* commands. Arguments come from tree items, code actions (a server id) or
// nothing (the command palette: the server under the cursor, else a pick list).
import * as vscode from 'vscode';
import type { Finding, TextRange } from '../core/model.js';
import type { InventoryItem } from '../core/scan-result.js';
import type { InventoryService } from './inventory-service.js';
import { displayPath, launchText, plural } from './presentation.js';
import { openAt } from './ranges.js';
import type { WardenNode } from './servers-tree.js';

type Status = InventoryItem['status'];

function isNode(value: unknown): value is WardenNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'children' in value;
}

/** The inventory item an argument names: a tree node, a server id, or an object carrying one. */
export function itemFromArgument(service: InventoryService, argument: unknown): InventoryItem | undefined {
  if (typeof argument === 'string') return service.item(argument);
  if (isNode(argument)) {
    if (argument.kind === 'server') return service.item(argument.item.server.id) ?? argument.item;
    if (argument.kind === 'finding' && argument.finding.serverId) return service.item(argument.finding.serverId);
    return undefined;
  }
  if (typeof argument === 'object' && argument !== null) {
    const record = argument as { serverId?: unknown; server?: { id?: unknown } };
    if (typeof record.serverId === 'string') return service.item(record.serverId);
    if (typeof record.server?.id === 'string') return service.item(record.server.id);
  }
  return undefined;
}

function itemAtCursor(service: InventoryService): InventoryItem | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') return undefined;
  const offset = editor.document.offsetAt(editor.selection.active);
  const file = editor.document.uri.fsPath;
  return service.latest?.items.find(
    (item) => item.server.configPath === file && item.server.range.offset <= offset && offset <= item.server.range.offset + item.server.range.length,
  );
}

async function pickItem(service: InventoryService, argument: unknown, statuses: Status[], placeHolder: string): Promise<InventoryItem | undefined> {
  const given = itemFromArgument(service, argument) ?? (argument === undefined ? itemAtCursor(service) : undefined);
  if (given) return given;
  if (argument !== undefined) {
    void vscode.window.showWarningMessage('MCP Warden: that server is no longer in the inventory. Scan again and retry.');
    return undefined;
  }
  const candidates = (service.latest?.items ?? []).filter((item) => statuses.includes(item.status));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`MCP Warden: no ${statuses.join(' or ')} servers.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((item) => ({ label: item.server.name, description: launchText(item.server), detail: `${service.clientName(item.server.client)} · ${displayPath(item.server.configPath)}`, item })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.item;
}

function reportFailure(action: string, error: unknown): void {
  void vscode.window.showErrorMessage(`MCP Warden could not ${action}: ${error instanceof Error ? error.message : String(error)}`);
}

/** Wraps a command so it never throws into VS Code: failures become one error notification. */
function safely<A extends unknown[]>(action: string, run: (...args: A) => Thenable<unknown>): (...args: A) => Promise<unknown> {
  return async (...args: A) => {
    try {
      return await run(...args);
    } catch (error) {
      reportFailure(action, error);
      return undefined;
    }
  };
}

export function otherDefinitions(service: InventoryService, item: InventoryItem): InventoryItem[] {
  const items = service.latest?.items ?? [];
  const ids = new Set(item.conflictsWith);
  return items.filter((other) => other.server.id !== item.server.id && (ids.has(other.server.id) || other.server.name === item.server.name));
}

export function registerCommands(service: InventoryService): vscode.Disposable {
  const register = (id: string, action: string, run: (...args: unknown[]) => Thenable<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, safely(action, run));

  return vscode.Disposable.from(
    register('mcpWarden.refresh', 'scan', () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'MCP Warden: scanning for MCP servers…' },
        () => service.rescan(),
      ),
    ),

    register('mcpWarden.showView', 'show the Servers view', () => vscode.commands.executeCommand('workbench.view.extension.mcpWarden')),

    register('mcpWarden.approveServer', 'approve the server', async (argument) => {
      const item = await pickItem(service, argument, ['shadow'], 'Approve which shadow server?');
      if (!item) return undefined;
      await service.approve([item.server]);
      return service.item(item.server.id)?.status;
    }),

    register('mcpWarden.approveAllShadow', 'approve the shadow servers', async () => {
      const shadow = (service.latest?.items ?? []).filter((item) => item.status === 'shadow');
      if (shadow.length === 0) {
        void vscode.window.showInformationMessage('MCP Warden: there are no shadow servers to approve.');
        return undefined;
      }
      const listed = shadow.slice(0, 20).map((item) => `• ${item.server.name} (${service.clientName(item.server.client)}): ${launchText(item.server, 80)}`);
      if (shadow.length > listed.length) listed.push(`… and ${shadow.length - listed.length} more`);
      const choice = await vscode.window.showWarningMessage(
        `Approve ${plural(shadow.length, 'shadow server')} into the inventory?`,
        { modal: true, detail: `Approving records each server's exact launch (command and arguments, or URL); a later change makes it shadow again.\n\n${listed.join('\n')}` },
        'Approve All',
      );
      if (choice !== 'Approve All') return undefined;
      await service.approve(shadow.map((item) => item.server));
      return shadow.length;
    }),

    register('mcpWarden.revokeApproval', 'revoke the approval', async (argument) => {
      const item = await pickItem(service, argument, ['approved'], 'Revoke the approval of which server?');
      if (!item) return undefined;
      await service.revoke(item.server);
      const after = service.item(item.server.id);
      if (after?.status === 'approved') {
        void vscode.window.showInformationMessage(`MCP Warden: "${item.server.name}" is still approved: ${after.reason}.`);
      }
      return after?.status;
    }),

    register('mcpWarden.openDefinition', 'open the definition', async (argument) => {
      if (isNode(argument) && argument.kind === 'finding') return openAt(argument.finding.file, argument.finding.range);
      if (isNode(argument) && argument.kind === 'file') return openAt(argument.source.location.path, argument.source.problems[0]?.range);
      const located = argument as Partial<Finding> | undefined;
      if (located && typeof located === 'object' && !isNode(argument) && typeof located.file === 'string') {
        return openAt(located.file, located.range as TextRange | undefined);
      }
      const item = await pickItem(service, argument, ['approved', 'shadow', 'disabled'], 'Open the definition of which server?');
      if (item) return openAt(item.server.configPath, item.server.nameRange);
      return undefined;
    }),

    register('mcpWarden.showOtherDefinitions', 'show the other definitions', async (argument) => {
      const item = await pickItem(service, argument, ['approved', 'shadow', 'disabled'], 'Show the other definitions of which server?');
      if (!item) return undefined;
      const others = otherDefinitions(service, item);
      if (others.length === 0) {
        void vscode.window.showInformationMessage(`MCP Warden: "${item.server.name}" is defined only in ${displayPath(item.server.configPath)}.`);
        return undefined;
      }
      const only = others.length === 1 ? others[0] : undefined;
      const target =
        only ??
        (
          await vscode.window.showQuickPick(
            others.map((other) => ({
              label: `${service.clientName(other.server.client)} · ${other.server.scope}`,
              description: launchText(other.server),
              detail: displayPath(other.server.configPath),
              item: other,
            })),
            { placeHolder: `Other definitions of "${item.server.name}"`, matchOnDetail: true },
          )
        )?.item;
      if (target) return openAt(target.server.configPath, target.server.nameRange);
      return undefined;
    }),
  );
}
