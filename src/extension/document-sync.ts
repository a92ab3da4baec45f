// Squiggles follow typing: an edit to an open config file rescans (through the overlay file
// system, which serves the unsaved text) at once, then at most every 100 ms while typing goes
// on; saving or closing an unsaved editor rescans too.
import * as vscode from 'vscode';
import type { InventoryService } from './inventory-service.js';

const TYPING_INTERVAL_MS = 100;

export function registerDocumentSync(service: InventoryService): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && service.isConfigFile(event.document.uri)) service.schedule(TYPING_INTERVAL_MS);
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (service.isConfigFile(document.uri)) service.schedule(0);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      // Closing an editor without saving drops the unsaved text the last scan may have used.
      if (service.isConfigFile(document.uri)) service.schedule(TYPING_INTERVAL_MS);
    }),
  );
}
