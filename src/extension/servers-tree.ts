// The Servers view: client → config file → server → findings. Status shows as a coloured icon
// and words; the context value (server.<status>) drives the manifest's menus.
import * as vscode from 'vscode';
import type { ClientId, ConfigSource, Finding } from '../core/model.js';
import type { InventoryItem, ScanResult } from '../core/scan-result.js';
import type { InventoryService } from './inventory-service.js';
import { displayPath, launchText, plural, SCOPE_ORDER, severityIcon, shorten, statusIcon, statusWords } from './presentation.js';

export const SERVERS_VIEW = 'mcpWarden.servers';

export type WardenNode =
  | { kind: 'client'; id: string; client: ClientId; label: string; children: WardenNode[] }
  | { kind: 'file'; id: string; source: ConfigSource; children: WardenNode[]; parent: WardenNode }
  | { kind: 'server'; id: string; item: InventoryItem; children: WardenNode[]; parent: WardenNode }
  | { kind: 'finding'; id: string; finding: Finding; children: WardenNode[]; parent: WardenNode };

/** A plain picture of one tree item, for tests and diagnostics. */
export interface TreeSnapshot {
  kind: WardenNode['kind'];
  label: string;
  description?: string;
  contextValue?: string;
  icon?: string;
  serverId?: string;
  children: TreeSnapshot[];
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (char) => `\\${char}`);
}

function tooltip(item: InventoryItem, clientName: string): vscode.MarkdownString {
  const { server } = item;
  const markdown = new vscode.MarkdownString('', false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  markdown.supportThemeIcons = false;
  markdown.appendMarkdown(`**${escapeMarkdown(server.name)}** — ${escapeMarkdown(statusWords(item).join(', '))}\n\n`);
  markdown.appendMarkdown(`- Client: ${escapeMarkdown(clientName)}, scope ${escapeMarkdown(server.scope)}\n`);
  markdown.appendMarkdown(`- File: ${escapeMarkdown(server.configPath)}\n`);
  markdown.appendMarkdown(`- Launch: ${escapeMarkdown(launchText(server, 300))}\n`);
  markdown.appendMarkdown(`- Status: ${escapeMarkdown(item.reason)}\n`);
  if (item.conflictsWith.length > 0) markdown.appendMarkdown(`- Defined differently in ${escapeMarkdown(plural(item.conflictsWith.length, 'other place'))}\n`);
  markdown.appendMarkdown(`- Findings: ${item.findings.length}\n`);
  return markdown;
}

export class ServersTreeProvider implements vscode.TreeDataProvider<WardenNode> {
  private readonly changed = new vscode.EventEmitter<WardenNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: WardenNode[] = [];

  constructor(private readonly service: InventoryService) {}

  update(result: ScanResult): void {
    this.roots = this.build(result);
    this.changed.fire(undefined);
  }

  private build(result: ScanResult): WardenNode[] {
    const used = new Set<string>();
    const unique = (id: string): string => {
      let candidate = id;
      for (let n = 2; used.has(candidate); n++) candidate = `${id}#${n}`;
      used.add(candidate);
      return candidate;
    };
    const clients = new Map<ClientId, Extract<WardenNode, { kind: 'client' }>>();
    const sources = [...result.sources].sort(
      (a, b) => SCOPE_ORDER.indexOf(a.location.scope) - SCOPE_ORDER.indexOf(b.location.scope) || a.location.path.localeCompare(b.location.path),
    );
    for (const source of sources) {
      const items = result.items.filter(
        (item) => item.server.configPath === source.location.path && item.server.client === source.location.client && item.server.projectKey === source.location.projectKey,
      );
      if (items.length === 0 && source.problems.length === 0) continue;
      const client = source.location.client;
      let clientNode = clients.get(client);
      if (!clientNode) {
        clientNode = { kind: 'client', id: unique(`client:${client}`), client, label: this.service.clientName(client), children: [] };
        clients.set(client, clientNode);
      }
      const fileNode: Extract<WardenNode, { kind: 'file' }> = {
        kind: 'file',
        id: unique(`file:${client}:${source.location.path}#${source.location.projectKey ?? ''}`),
        source,
        children: [],
        parent: clientNode,
      };
      const seen = new Set<string>();
      for (const problem of source.problems) {
        // The same problem can be reported twice for one file (e.g. two parse passes); show it once.
        const key = [problem.ruleId, problem.range?.offset, problem.range?.length, problem.message].join('\u0000');
        if (seen.has(key)) continue;
        seen.add(key);
        fileNode.children.push({ kind: 'finding', id: unique(`problem:${fileNode.id}:${problem.ruleId}:${problem.range?.offset ?? 0}`), finding: problem, children: [], parent: fileNode });
      }
      for (const item of items) {
        const serverNode: Extract<WardenNode, { kind: 'server' }> = { kind: 'server', id: unique(`server:${item.server.id}`), item, children: [], parent: fileNode };
        for (const finding of item.findings) {
          serverNode.children.push({
            kind: 'finding',
            id: unique(`finding:${item.server.id}:${finding.ruleId}:${finding.range?.offset ?? 0}`),
            finding,
            children: [],
            parent: serverNode,
          });
        }
        fileNode.children.push(serverNode);
      }
      clientNode.children.push(fileNode);
    }
    return [...clients.values()].sort((a, b) => a.label.localeCompare(b.label));
  }

  getChildren(element?: WardenNode): WardenNode[] {
    return element ? element.children : this.roots;
  }

  getParent(element: WardenNode): WardenNode | undefined {
    return element.kind === 'client' ? undefined : element.parent;
  }

  getTreeItem(node: WardenNode): vscode.TreeItem {
    switch (node.kind) {
      case 'client': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        const servers = node.children.reduce((sum, file) => sum + file.children.filter((child) => child.kind === 'server').length, 0);
        item.description = plural(servers, 'server');
        item.iconPath = new vscode.ThemeIcon('plug');
        item.contextValue = 'client';
        item.id = node.id;
        return item;
      }
      case 'file': {
        const { location, problems } = node.source;
        const item = new vscode.TreeItem(displayPath(location.path), vscode.TreeItemCollapsibleState.Expanded);
        const scope = location.label ? `${location.scope} · ${location.label}` : location.scope;
        item.description = problems.length > 0 ? `${scope} · ${shorten(problems[0]?.message ?? '', 80)}` : scope;
        item.resourceUri = vscode.Uri.file(location.path);
        item.iconPath = problems.some((problem) => problem.severity === 'error')
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : vscode.ThemeIcon.File;
        item.tooltip = problems.length > 0 ? `${location.path}\n\n${problems.map((problem) => problem.message).join('\n')}` : location.path;
        item.contextValue = problems.length > 0 ? 'configFile.problem' : 'configFile';
        item.command = { command: 'mcpWarden.openDefinition', title: 'Open', arguments: [node] };
        item.id = node.id;
        return item;
      }
      case 'server': {
        const { item: inventory } = node;
        const state = node.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
        const item = new vscode.TreeItem(inventory.server.name, state);
        item.description = `${statusWords(inventory).join(', ')} · ${launchText(inventory.server)}`;
        item.iconPath = statusIcon(inventory);
        item.tooltip = tooltip(inventory, this.service.clientName(inventory.server.client));
        item.contextValue = [
          `server.${inventory.status}`,
          ...(inventory.isNew ? ['new'] : []),
          ...(inventory.conflictsWith.length > 0 ? ['conflicting'] : []),
          // Protect / Unprotect menus: only stdio servers can be routed through the proxy.
          ...(inventory.protected ? ['protected'] : inventory.server.transport === 'stdio' && inventory.server.command ? ['unprotected'] : []),
        ].join('.');
        item.command = { command: 'mcpWarden.openDefinition', title: 'Open Definition', arguments: [node] };
        item.id = node.id;
        return item;
      }
      case 'finding': {
        const { finding } = node;
        const item = new vscode.TreeItem(shorten(finding.message, 120), vscode.TreeItemCollapsibleState.None);
        item.description = finding.ruleId;
        item.tooltip = finding.message;
        item.iconPath = severityIcon(finding);
        item.contextValue = `finding.${finding.severity}`;
        item.command = { command: 'mcpWarden.openDefinition', title: 'Go to Finding', arguments: [node] };
        item.id = node.id;
        return item;
      }
    }
  }

  snapshot(nodes: WardenNode[] = this.roots): TreeSnapshot[] {
    return nodes.map((node) => {
      const item = this.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return {
        kind: node.kind,
        label,
        ...(typeof item.description === 'string' ? { description: item.description } : {}),
        ...(item.contextValue ? { contextValue: item.contextValue } : {}),
        ...(item.iconPath instanceof vscode.ThemeIcon ? { icon: item.iconPath.id } : {}),
        ...(node.kind === 'server' ? { serverId: node.item.server.id } : {}),
        children: this.snapshot(node.children),
      };
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerServersTree(service: InventoryService): { provider: ServersTreeProvider; disposable: vscode.Disposable } {
  const provider = new ServersTreeProvider(service);
  const view = vscode.window.createTreeView(SERVERS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  view.message = 'Scanning for MCP servers…';
  const onChange = service.onDidChange((result) => {
    try {
      provider.update(result);
      const shadow = result.items.filter((item) => item.status === 'shadow').length;
      view.badge = shadow > 0 ? { value: shadow, tooltip: `${plural(shadow, 'shadow server')} not in the approved inventory` } : undefined;
      view.message = shadow > 0 ? `${plural(shadow, 'shadow server')} not in the approved inventory or organisation policy.` : undefined;
      if (service.settings.policyNote) view.message = [view.message, service.settings.policyNote].filter(Boolean).join(' ');
    } catch (error) {
      console.error('MCP Warden: could not update the Servers view', error);
    }
  });
  return { provider, disposable: vscode.Disposable.from(view, provider, onChange) };
}
