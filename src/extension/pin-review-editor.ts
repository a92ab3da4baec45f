// Reviewing a pending pin change in VS Code's diff editor: two virtual documents
// (mcp-warden-pin: scheme) hold renderForReview() of the pinned and the offered definition, with
// invisible characters already shown by render.ts; the editor title offers Approve and Keep
// Blocked. Approving re-pins through the core; the running proxy notices the pin file change
// and tells its client to list again (docs/pinning.md).
import * as vscode from 'vscode';
import type { PinFileEntry } from '../core/pins/pin-store.js';
import { pinFileName, reviewTexts } from '../core/pins/review.js';
import { showInvisible } from '../core/pins/visible-text.js';
import type { HubHost } from './hub-host.js';
import { currentDetectionSettings, detectionHold, holdLines, serverIdOf } from './pin-detection-hold.js';
import { createPendingReviews, describeLaunch, holdNote, PENDING_REVIEWS_VIEW, pendingSummary, serverNames, targetOf, type PendingReviews, type PinTarget } from './pin-review.js';

export const PIN_SCHEME = 'mcp-warden-pin';

type Side = 'pinned' | 'offered';

/** mcp-warden-pin:/<side>/<kind> <key>?file=…&kind=…&key=…&hash=…&side=… (the query is what counts). */
export function pinUri(target: PinTarget, side: Side): vscode.Uri {
  const params = new URLSearchParams({ file: target.file, side });
  let title: string;
  if (target.item === 'launch' || target.item === undefined) {
    params.set('item', 'launch');
    title = 'launch';
  } else {
    params.set('kind', target.item.kind);
    params.set('key', target.item.key);
    params.set('hash', target.item.hash);
    title = `${target.item.kind} ${showInvisible(target.item.key)}`.replace(/[/\\?#]/g, '_');
  }
  return vscode.Uri.from({ scheme: PIN_SCHEME, path: `/${side}/${title}`, query: params.toString() });
}

export function targetOfUri(uri: vscode.Uri): { target: PinTarget; side: Side } | undefined {
  if (uri.scheme !== PIN_SCHEME) return undefined;
  const params = new URLSearchParams(uri.query);
  const file = params.get('file');
  const side = params.get('side') === 'pinned' ? 'pinned' : 'offered';
  if (!file) return undefined;
  if (params.get('item') === 'launch') return { target: { file, item: 'launch' }, side };
  const kind = params.get('kind') as NonNullable<Exclude<PinTarget['item'], 'launch'>>['kind'] | null;
  const key = params.get('key');
  const hash = params.get('hash');
  if (!kind || key === null || !hash) return undefined;
  return { target: { file, item: { kind, key, hash } }, side };
}

class PinDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly reviews: PendingReviews) {}

  /** Open documents follow the pin file (an approved item says so). */
  refreshOpen(): void {
    for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === PIN_SCHEME) this.changed.fire(document.uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const parsed = targetOfUri(uri);
    if (!parsed) return '(not a pin review document)\n';
    const entry = await this.reviews.load(parsed.target.file);
    if (!entry || entry.load.state !== 'pinned') return '(the pin file is gone or damaged: see mcp-warden pins list)\n';
    const pins = entry.load.pins;
    const item = parsed.target.item;
    if (item === 'launch' || item === undefined) {
      if (!pins.launchChange) return '(no launch change pending)\n';
      return `launch\n\n${describeLaunch(parsed.side === 'pinned' ? pins.launchChange.from : pins.launchChange.to)}\n`;
    }
    const record = pins.pending?.find((pending) => pending.kind === item.kind && pending.key === item.key && pending.hash === item.hash);
    if (!record) return `(${item.kind} ${item.key}: this change is no longer pending — approved, or the server took it back)\n`;
    const { before, after } = reviewTexts(pins, record);
    if (parsed.side === 'pinned') return before;
    // Said on the offered side, above the definition: approving alone will not bring this item back.
    const hold = detectionHold(currentDetectionSettings(this.reviews.stateDir), serverIdOf(pins, record), record);
    return hold ? [...holdLines(record.kind, hold), '', after].join('\n') : after;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function firstItem(entry: PinFileEntry): PinTarget {
  const file = pinFileName(entry);
  if (entry.load.state !== 'pinned') return { file };
  const record = entry.load.pins.pending?.[0];
  if (record) return { file, item: { kind: record.kind, key: record.key, hash: record.hash } };
  return { file, item: 'launch' };
}

async function openReview(reviews: PendingReviews, target: PinTarget): Promise<void> {
  const entry = target.item === undefined ? await reviews.load(target.file) : undefined;
  const chosen = entry ? firstItem(entry) : target;
  const item = chosen.item;
  const what = item === 'launch' || item === undefined ? 'launch' : `${item.kind} ${showInvisible(item.key)}`;
  const known = reviews.entry(chosen.file) ?? entry ?? ({ file: chosen.file, load: { state: 'absent' } } as PinFileEntry);
  const name = serverNames(known);
  const record = item !== 'launch' && item !== undefined && known.load.state === 'pinned' ? known.load.pins.pending?.find((pending) => pending.kind === item.kind && pending.key === item.key && pending.hash === item.hash) : undefined;
  const held = record && known.load.state === 'pinned' && holdNote(reviews.stateDir, currentDetectionSettings(reviews.stateDir), known.load.pins, record) !== undefined;
  const title = `${name}: ${what} (pinned ↔ offered now${held ? '; detection still blocks it' : ''})`;
  await vscode.commands.executeCommand('vscode.diff', pinUri(chosen, 'pinned'), pinUri(chosen, 'offered'), title, { preview: false });
}

/** Closes the diff tabs of a target (all sides). */
async function closeReviewTabs(target: PinTarget | undefined): Promise<void> {
  const tabs: vscode.Tab[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (!(input instanceof vscode.TabInputTextDiff) || input.modified.scheme !== PIN_SCHEME) continue;
      const parsed = targetOfUri(input.modified);
      const same = parsed && target && parsed.target.file === target.file && (target.item === undefined || JSON.stringify(parsed.target.item) === JSON.stringify(target.item));
      if (!target || same) tabs.push(tab);
    }
  }
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

/** The target of an editor-title command: its URI argument, else the active diff editor. */
function editorTarget(argument: unknown): PinTarget | undefined {
  if (argument instanceof vscode.Uri) return targetOfUri(argument)?.target;
  const fromNode = targetOf(argument);
  if (fromNode) return fromNode;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputTextDiff) return targetOfUri(input.modified)?.target;
  return undefined;
}

/** The buttons of the change notification, in order. */
export const CHANGE_ACTIONS = ['Review', 'Approve all', 'Keep blocked'] as const;

/** The change notification of a pin file: "Server github: 1 tool changed — blocked until reviewed" and its buttons. */
export function changeNotification(entry: PinFileEntry): { message: string; actions: string[] } {
  const file = pinFileName(entry);
  if (entry.load.state !== 'pinned') return { message: `Server ${serverNames(entry)}: ${pendingSummary(entry)} — reset it with "mcp-warden pins reset ${file}"`, actions: [] };
  return { message: `Server ${serverNames(entry)}: ${pendingSummary(entry)} — blocked until reviewed`, actions: [...CHANGE_ACTIONS] };
}

export type ChangeAnswer = { outcome: 'reviewing' } | { outcome: 'approved'; message: string } | { outcome: 'kept' };

/**
 * What a button of the change notification does (a dismissed notification counts as Keep
 * blocked: nothing is approved without a decision). Review opens the diff of the first pending
 * item; Approve all approves every pending item of the pin file and says so (including what
 * detection still blocks); Keep blocked leaves the pins as they are.
 */
export async function answerChangeNotification(reviews: PendingReviews, file: string, choice: string | undefined): Promise<ChangeAnswer> {
  if (choice === 'Review') {
    await openReview(reviews, { file });
    return { outcome: 'reviewing' };
  }
  if (choice === 'Approve all') {
    const message = await reviews.approve({ file });
    await closeReviewTabs({ file });
    void vscode.window.showInformationMessage(message);
    return { outcome: 'approved', message };
  }
  return { outcome: 'kept' };
}

export function registerPinReview(stateDir: string, hub: HubHost | undefined): { reviews: PendingReviews; disposable: vscode.Disposable } {
  const { reviews, disposable } = createPendingReviews(stateDir, hub, (entry) => {
    const { message, actions } = changeNotification(entry);
    void vscode.window.showWarningMessage(message, ...actions).then(async (choice) => {
      try {
        await answerChangeNotification(reviews, pinFileName(entry), choice);
      } catch (error) {
        void vscode.window.showErrorMessage(`MCP Warden: ${(error as Error).message}`);
      }
    });
  });
  const docs = new PinDocuments(reviews);
  const run = (action: () => Promise<unknown>) => async () => {
    try {
      await action();
    } catch (error) {
      void vscode.window.showErrorMessage(`MCP Warden: ${(error as Error).message}`);
    }
  };
  return {
    reviews,
    disposable: vscode.Disposable.from(
      disposable,
      docs,
      vscode.workspace.registerTextDocumentContentProvider(PIN_SCHEME, docs),
      reviews.onDidRefresh(() => docs.refreshOpen()),
      vscode.commands.registerCommand('mcpWarden.reviewPinChange', (argument?: unknown) =>
        run(async () => {
          const target = targetOf(argument) ?? (argument instanceof vscode.Uri ? targetOfUri(argument)?.target : undefined);
          if (target) return openReview(reviews, target);
          await reviews.refresh();
          const first = reviews.snapshot()[0];
          if (!first) return vscode.window.showInformationMessage('MCP Warden: no pending reviews.');
          return openReview(reviews, { file: first.file });
        })(),
      ),
      vscode.commands.registerCommand('mcpWarden.approvePinChange', (argument?: unknown) =>
        run(async () => {
          const target = editorTarget(argument);
          if (!target) throw new Error('open a pending review first');
          const message = await reviews.approve(target);
          await closeReviewTabs(target);
          void vscode.window.showInformationMessage(message);
        })(),
      ),
      vscode.commands.registerCommand('mcpWarden.approveAllPinChanges', (argument?: unknown) =>
        run(async () => {
          const target = targetOf(argument);
          if (!target) throw new Error('choose a server in the Pending reviews view');
          const message = await reviews.approve({ file: target.file });
          await closeReviewTabs({ file: target.file });
          void vscode.window.showInformationMessage(message);
        })(),
      ),
      vscode.commands.registerCommand('mcpWarden.keepPinBlocked', (argument?: unknown) => run(() => closeReviewTabs(editorTarget(argument)))()),
      vscode.commands.registerCommand('mcpWarden.refreshPendingReviews', () => reviews.refresh()),
      vscode.commands.registerCommand('mcpWarden.showPendingReviews', () => vscode.commands.executeCommand(`${PENDING_REVIEWS_VIEW}.focus`)),
    ),
  };
}
