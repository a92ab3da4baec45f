// MCP Warden's VS Code entry point: it only wires features together. Nothing here waits for a
// scan: the first one starts after activate() has returned.
import type * as vscode from 'vscode';
import { createApi, type WardenApi } from './api.js';
import { registerCodeActions } from './code-actions.js';
import { registerCommands } from './commands.js';
import { registerConfigWatcher } from './config-watcher.js';
import { registerBlockNotices } from './detection-notices.js';
import { registerDetectionProblems } from './detection-problems.js';
import { registerDetectionSettingsSync } from './detection-settings-sync.js';
import { registerDiagnostics } from './diagnostics.js';
import { registerDocumentSync } from './document-sync.js';
import { registerHubHost } from './hub-host.js';
import { registerInspector } from './inspector-panel.js';
import { registerPinReview } from './pin-review-editor.js';
import { registerPinSettings } from './pin-settings.js';
import { InventoryService } from './inventory-service.js';
import { registerProtection } from './protection.js';
import { registerServersTree } from './servers-tree.js';
import { registerStatusBar } from './status-bar.js';

export type { WardenApi } from './api.js';

export function activate(context: vscode.ExtensionContext): WardenApi {
  const activationStarted = performance.now();
  const service = new InventoryService();
  const tree = registerServersTree(service);
  const hub = registerHubHost(service);
  const inspector = registerInspector(context.extensionUri, hub);
  const pins = registerPinReview(service.stateDir, hub);
  const detection = registerDetectionProblems(service, hub.store);
  const notices = registerBlockNotices(service, hub.store, inspector.panel);
  context.subscriptions.push(hub, inspector.disposable, pins.disposable, detection, notices);
  context.subscriptions.push(
    service,
    tree.disposable,
    registerDiagnostics(service, detection),
    registerStatusBar(service),
    registerCommands(service),
    registerCodeActions(service, detection),
    registerConfigWatcher(service),
    registerDocumentSync(service),
    registerProtection(context, service),
    registerPinSettings(service.stateDir),
    registerDetectionSettingsSync(service.stateDir),
  );
  service.schedule(0);
  return createApi(service, tree.provider, { activationStarted, activateMs: performance.now() - activationStarted }, { hub, inspector: inspector.panel, pins: pins.reviews, notices });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
