// The Inspector: a webview panel showing the traffic store live. Messages both ways are the
// zod-declared ones of core/webview-messages.ts, validated on receipt; the page runs under a
// strict CSP with a per-render nonce and may load files from dist/ and media/ only.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TrafficChange } from '../core/inspector/traffic-store.js';
import { parseWebviewMessage, type ExtensionToWebview, type MessageView, type SessionView } from '../core/webview-messages.js';
import { flaggedDefinitions } from './detection-definitions.js';
import type { HubHost } from './hub-host.js';

const VIEW_TYPE = 'mcpWarden.inspector';
/** Updates are batched: at most one post per interval, whatever the traffic. */
const FLUSH_MS = 100;

export interface InspectorState {
  open: boolean;
  /** The page's script has run and said so (it loaded under the CSP). */
  ready: boolean;
  paused: boolean;
  /** What the page's detail pane last showed, as the page reported it. */
  shown?: { key: number; findings: number; highlights: string[]; markedRows: number; styled: boolean };
}

export class InspectorPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private paused = false;
  private shown: InspectorState['shown'];
  /** A message to select once the page is ready (Show in Inspector on a closed panel). */
  private selectOnReady: { sessionId: string; seq: number } | undefined;
  private pendingSessions = new Map<string, SessionView>();
  private pendingMessages: MessageView[] = [];
  private pendingFirstKey = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: HubHost,
  ) {
    const unsubscribe = host.store.onChange((change) => this.queue(change));
    this.disposables.push({ dispose: unsubscribe }, host.onDidChangeFeed(() => this.queue(undefined)));
  }

  state(): InspectorState {
    return { open: this.panel !== undefined, ready: this.ready, paused: this.paused, ...(this.shown ? { shown: this.shown } : {}) };
  }

  /** Opens the Inspector with one message selected. */
  reveal(sessionId: string, seq: number): void {
    this.show();
    if (this.ready) void this.post({ type: 'select', sessionId, seq });
    else this.selectOnReady = { sessionId, seq };
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')];
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'MCP Warden Inspector', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: roots,
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'warden.svg');
    this.panel = panel;
    this.ready = false;
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw), undefined, this.disposables);
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.ready = false;
        this.paused = false;
        this.shown = undefined;
      },
      undefined,
      this.disposables,
    );
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) return; // Not one of the declared shapes: ignored.
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        if (this.selectOnReady) await this.post({ type: 'select', ...this.selectOnReady });
        this.selectOnReady = undefined;
        return;
      case 'pause':
        this.paused = message.paused;
        if (!this.paused) this.sendSnapshot();
        return;
      case 'export':
        await this.exportSession(message.sessionId);
        return;
      case 'definitions': {
        // The page names a stored message; the server id comes from the store, never from the page.
        const stored = this.host.store.messages().find((m) => m.key === message.key);
        const items = stored ? await flaggedDefinitions(this.host.stateDir, stored.serverId, message.items).catch(() => []) : [];
        await this.post({ type: 'definitions', key: message.key, items });
        return;
      }
      case 'shown':
        this.shown = { key: message.key, findings: message.findings, highlights: message.highlights, markedRows: message.markedRows, styled: message.styled };
        return;
    }
  }

  private sendSnapshot(): void {
    this.pendingSessions.clear();
    this.pendingMessages = [];
    void this.post({
      type: 'snapshot',
      sessions: this.host.store.sessions(),
      messages: this.host.store.messages(),
      feed: this.host.feed,
      capacity: this.host.store.maxMessages,
      paused: this.paused,
    });
  }

  private queue(change: TrafficChange | undefined): void {
    if (!this.panel || !this.ready || this.paused) return;
    if (change) {
      for (const session of change.sessions) this.pendingSessions.set(session.sessionId, session);
      this.pendingMessages.push(...change.messages);
      this.pendingFirstKey = change.firstKey;
      // A burst larger than the store: only the retained tail matters.
      if (this.pendingMessages.length > this.host.store.maxMessages) this.pendingMessages = this.pendingMessages.slice(-this.host.store.maxMessages);
    }
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.panel || !this.ready || this.paused) return;
    const firstKey = Math.max(this.pendingFirstKey, this.host.store.firstKey);
    const message: ExtensionToWebview = {
      type: 'update',
      sessions: [...this.pendingSessions.values()],
      messages: this.pendingMessages.filter((m) => m.key >= firstKey),
      firstKey,
      feed: this.host.feed,
    };
    this.pendingSessions.clear();
    this.pendingMessages = [];
    void this.post(message);
  }

  private async exportSession(sessionId: string): Promise<void> {
    const text = this.host.store.exportSession(sessionId);
    if (text === undefined) {
      await this.post({ type: 'exported', sessionId, ok: false, detail: 'that session is no longer in memory' });
      return;
    }
    const session = this.host.store.session(sessionId);
    const name = `${(session?.serverName ?? session?.serverId ?? 'session').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}-${sessionId.replace(/[^A-Za-z0-9._-]+/g, '_')}.jsonl`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export MCP session as JSONL',
      filters: { 'JSON Lines': ['jsonl'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) {
      await this.post({ type: 'exported', sessionId, ok: false, detail: 'cancelled' });
      return;
    }
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      await this.post({ type: 'exported', sessionId, ok: true, detail: target.fsPath || target.toString() });
    } catch (error) {
      await this.post({ type: 'exported', sessionId, ok: false, detail: (error as Error).message });
    }
  }

  private async post(message: ExtensionToWebview): Promise<void> {
    await this.panel?.webview.postMessage(message);
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'inspector.css'));
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${style.toString()}">
<title>MCP Warden Inspector</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

export function registerInspector(extensionUri: vscode.Uri, host: HubHost): { panel: InspectorPanel; disposable: vscode.Disposable } {
  const panel = new InspectorPanel(extensionUri, host);
  const command = vscode.commands.registerCommand('mcpWarden.openInspector', () => panel.show());
  // Not in the palette: notifications and tests open the Inspector on one message with it.
  const reveal = vscode.commands.registerCommand('mcpWarden.revealInInspector', (sessionId: unknown, seq: unknown) => {
    if (typeof sessionId === 'string' && typeof seq === 'number') panel.reveal(sessionId, seq);
  });
  return { panel, disposable: vscode.Disposable.from(panel, command, reveal) };
}
