// The Pending reviews view: what the Warden proxy withholds because a pinned server changed what
// it offers (docs/pinning.md). Read from the pin files in the state directory with the core
// review functions; refreshed when a pin file changes and when a proxy reports a pin warning; a
// notification the first time a pending change is seen in this window.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { canonicalJson } from '../core/pins/canonical.js';
import { listPinFiles, type PendingReview, type PinFile, type PinFileEntry } from '../core/pins/pin-store.js';
import { approvePending, pinFileName } from '../core/pins/review.js';
import { showInvisible } from '../core/pins/visible-text.js';
import { detectionSettingsPath, type DetectionSettings } from '../core/proxy/detection-settings.js';
import type { HubHost } from './hub-host.js';
import { currentDetectionSettings, describeHold, detectionHold, serverIdOf } from './pin-detection-hold.js';

export const PENDING_REVIEWS_VIEW = 'mcpWarden.pendingReviews';

/** What a pin-review command acts on: a pin file (by its listed name) and optionally one item. */
export interface PinTarget {
  file: string;
  /** `launch` for an edited command line; otherwise a pending review's kind and key. */
  item?: { kind: PendingReview['kind']; key: string; hash: string } | 'launch';
}

export type PendingNode =
  | { kind: 'server'; target: PinTarget; entry: PinFileEntry; label: string; description: string; tooltip: string; children: PendingNode[] }
  | { kind: 'item'; target: PinTarget; label: string; description: string; record?: PendingReview; detection?: string };

/** A plain picture of the view, for tests and diagnostics. */
export interface PendingSnapshot {
  label: string;
  description: string;
  file: string;
  children: { label: string; description: string; item: string; detection?: string }[];
}

const KIND_WORDS: Record<PendingReview['kind'], [string, string]> = {
  tool: ['tool', 'tools'],
  prompt: ['prompt', 'prompts'],
  resource: ['resource', 'resources'],
  resourceTemplate: ['resource template', 'resource templates'],
  instructions: ['instructions', 'instructions'],
};

/** The server names of a pin file: last segments of the server ids that used it. */
export function serverNames(entry: PinFileEntry): string {
  if (entry.load.state !== 'pinned') return pinFileName(entry);
  const ids = [...(entry.load.pins.serverIds ?? []), ...(entry.load.pins.pending ?? []).map((record) => record.seenBy ?? '')].filter(Boolean);
  const names = [...new Set(ids.map((id) => id.split(':').pop() || id))];
  return names.length > 0 ? names.join(', ') : pinFileName(entry);
}

/** "2 tools changed, 1 tool added, launch changed" */
export function pendingSummary(entry: PinFileEntry): string {
  if (entry.load.state !== 'pinned') return 'damaged: nothing of this server is trusted';
  const pins = entry.load.pins;
  const counts = new Map<string, number>();
  for (const record of pins.pending ?? []) {
    const id = `${record.kind}\u0000${record.change}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const parts = [...counts].map(([id, count]) => {
    const [kind, change] = id.split('\u0000') as [PendingReview['kind'], string];
    return kind === 'instructions' ? `instructions ${change}` : `${count} ${KIND_WORDS[kind][count === 1 ? 0 : 1]} ${change}`;
  });
  if (pins.launchChange) parts.push('launch changed');
  return parts.join(', ');
}

export function describeLaunch(launch: unknown): string {
  if (typeof launch === 'object' && launch !== null && typeof (launch as { command?: unknown }).command === 'string') {
    const { command, args } = launch as { command: string; args?: unknown };
    return [command, ...(Array.isArray(args) ? args.map(String) : [])].map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
  }
  return canonicalJson(launch ?? null);
}

function hasPending(entry: PinFileEntry): boolean {
  if (entry.load.state !== 'pinned') return entry.load.state === 'damaged';
  return (entry.load.pins.pending ?? []).length > 0 || entry.load.pins.launchChange !== undefined;
}

/** What still blocks a pending item after approval (the sentence the review UI shows), if anything. */
export function holdNote(stateDir: string, settings: DetectionSettings, pins: PinFile, record: PendingReview): string | undefined {
  const hold = detectionHold(settings, serverIdOf(pins, record), record);
  return hold ? describeHold(record.kind, hold, stateDir) : undefined;
}

function buildNodes(entries: PinFileEntry[], stateDir: string): PendingNode[] {
  const settings = currentDetectionSettings(stateDir);
  const nodes: PendingNode[] = [];
  for (const entry of entries.filter(hasPending)) {
    const file = pinFileName(entry);
    const children: PendingNode[] = [];
    if (entry.load.state === 'pinned') {
      const pins = entry.load.pins;
      if (pins.launchChange) {
        children.push({ kind: 'item', target: { file, item: 'launch' }, label: 'launch', description: `command line changed: ${describeLaunch(pins.launchChange.to)}` });
      }
      for (const record of pins.pending ?? []) {
        const detection = holdNote(stateDir, settings, pins, record);
        children.push({
          kind: 'item',
          target: { file, item: { kind: record.kind, key: record.key, hash: record.hash } },
          label: record.kind === 'instructions' ? 'instructions' : `${record.kind} ${showInvisible(record.key)}`,
          description: detection ? `${record.change} · detection still blocks it` : record.change,
          record,
          ...(detection ? { detection } : {}),
        });
      }
    }
    const ids = entry.load.state === 'pinned' ? (entry.load.pins.serverIds ?? []) : [];
    nodes.push({
      kind: 'server',
      target: { file },
      entry,
      label: serverNames(entry),
      description: pendingSummary(entry),
      tooltip: `${ids.join('\n') || file}\nPin file: ${entry.file}`,
      children,
    });
  }
  return nodes;
}

/** The identity of one pending change (the same definition seen again is not news). */
function changeIds(entry: PinFileEntry): string[] {
  if (entry.load.state !== 'pinned') return entry.load.state === 'damaged' ? [`${entry.file}\u0000damaged`] : [];
  const pins = entry.load.pins;
  const ids = (pins.pending ?? []).map((record) => `${entry.file}\u0000${record.kind}:${record.key}\u0000${record.hash}`);
  if (pins.launchChange) ids.push(`${entry.file}\u0000launch\u0000${canonicalJson(pins.launchChange.to ?? null)}`);
  return ids;
}

export class PendingReviews implements vscode.TreeDataProvider<PendingNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PendingNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** Fires after every refresh (the pin files were read again). */
  readonly onDidRefresh = this.refreshed.event;
  private nodes: PendingNode[] = [];
  private entries: PinFileEntry[] = [];
  private readonly notified = new Set<string>();
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly stateDir: string,
    private readonly notify: (entry: PinFileEntry) => void,
  ) {}

  /** Re-reads soon (coalescing bursts of file events). */
  schedule(delayMs = 100): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  /** Re-reads the pin files now; concurrent calls run one more read after the current one. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const entries = await listPinFiles(this.stateDir).catch(() => [] as PinFileEntry[]);
        this.entries = entries;
        this.nodes = buildNodes(entries, this.stateDir);
        const current = new Set<string>();
        for (const entry of entries) {
          const ids = changeIds(entry);
          ids.forEach((id) => current.add(id));
          if (ids.some((id) => !this.notified.has(id))) this.notify(entry);
          ids.forEach((id) => this.notified.add(id));
        }
        // Forget what was resolved, so the same change seen again later is news again.
        for (const id of this.notified) if (!current.has(id)) this.notified.delete(id);
        this.changed.fire(undefined);
        this.refreshed.fire();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  entry(file: string): PinFileEntry | undefined {
    return this.entries.find((entry) => pinFileName(entry) === file);
  }

  /** Fresh from disk: the pin file a target names. */
  async load(file: string): Promise<PinFileEntry | undefined> {
    return (await listPinFiles(this.stateDir)).find((entry) => pinFileName(entry) === file);
  }

  /** Approves one item (exactly the reviewed definition), the launch, or everything of a pin file. */
  async approve(target: PinTarget): Promise<string> {
    const entry = await this.load(target.file);
    if (!entry) throw new Error('the pin file is gone (reset meanwhile?)');
    let message: string;
    const settings = currentDetectionSettings(this.stateDir);
    if (target.item === undefined) {
      const result = await approvePending(this.stateDir, entry, [], true);
      message = `Approved ${result.approved.length} change${result.approved.length === 1 ? '' : 's'}${result.launchAccepted ? ' and the edited launch' : ''} of ${serverNames(entry)}.`;
      if (entry.load.state === 'pinned') {
        const pins = entry.load.pins;
        const held = result.approved.flatMap((record) => {
          const hold = detectionHold(settings, serverIdOf(pins, record), record);
          return hold ? [`${record.kind} ${showInvisible(record.key)} (${hold.rules.join(', ')})`] : [];
        });
        if (held.length > 0) {
          message += ` Warden's detection still blocks ${held.join(', ')}; approving does not change that. To allow ${held.length === 1 ? 'it' : 'them'}, change the detection settings (${detectionSettingsPath(this.stateDir)}, see docs/detectors.md).`;
        }
      }
    } else if (target.item === 'launch') {
      await approvePending(this.stateDir, entry, ['launch'], false);
      message = `Accepted the edited launch of ${serverNames(entry)}.`;
    } else {
      const item = target.item;
      const record = entry.load.state === 'pinned' ? entry.load.pins.pending?.find((pending) => pending.kind === item.kind && pending.key === item.key) : undefined;
      if (!record) throw new Error(`${item.kind} ${item.key} is no longer pending`);
      if (record.hash !== item.hash) throw new Error(`${item.kind} ${item.key} changed again since this review was opened; review it again`);
      const detection = entry.load.state === 'pinned' ? holdNote(this.stateDir, settings, entry.load.pins, record) : undefined;
      await approvePending(this.stateDir, entry, [`${item.kind}:${item.key}`], false);
      message = detection
        ? `Approved ${item.kind} ${showInvisible(item.key)} of ${serverNames(entry)}, but ${detection}`
        : `Approved ${item.kind} ${showInvisible(item.key)} of ${serverNames(entry)}; running sessions list it again.`;
    }
    await this.refresh();
    return message;
  }

  getTreeItem(node: PendingNode): vscode.TreeItem {
    if (node.kind === 'server') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `pins:${node.target.file}`;
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.entry.load.state === 'pinned' ? 'shield' : 'error');
      item.contextValue = node.entry.load.state === 'pinned' ? 'pinServer' : 'pinServer.damaged';
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = `pins:${node.target.file}:${node.target.item === 'launch' ? 'launch' : `${node.target.item?.kind}:${node.target.item?.key}`}`;
    item.description = node.description;
    if (node.detection) item.tooltip = node.detection;
    const change = node.record?.change;
    item.iconPath = new vscode.ThemeIcon(change === 'removed' ? 'diff-removed' : change === 'added' ? 'diff-added' : 'diff-modified');
    item.contextValue = 'pinItem';
    item.command = { command: 'mcpWarden.reviewPinChange', title: 'Review', arguments: [node.target] };
    return item;
  }

  getChildren(node?: PendingNode): PendingNode[] {
    if (!node) return this.nodes;
    return node.kind === 'server' ? node.children : [];
  }

  snapshot(): PendingSnapshot[] {
    return this.nodes.map((node) => ({
      label: node.label,
      description: node.description,
      file: node.target.file,
      children: (node.kind === 'server' ? node.children : []).map((child) => ({
        label: child.label,
        description: child.description,
        item: child.target.item === 'launch' ? 'launch' : `${child.target.item?.kind}:${child.target.item?.key}`,
        ...(child.kind === 'item' && child.detection ? { detection: child.detection } : {}),
      })),
    }));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    this.refreshed.dispose();
  }
}

/** Tree nodes and targets both reach the commands; this turns either into a target. */
export function targetOf(argument: unknown): PinTarget | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const value = argument as Partial<PendingNode> & Partial<PinTarget>;
  if (value.target && typeof value.target.file === 'string') return value.target;
  if (typeof value.file === 'string') return value as PinTarget;
  return undefined;
}

/** Creates the view, its watcher and the warning hook; commands live in pin-review-editor.ts. */
export function createPendingReviews(stateDir: string, hub: HubHost | undefined, notify: (entry: PinFileEntry) => void): { reviews: PendingReviews; disposable: vscode.Disposable } {
  const reviews = new PendingReviews(stateDir, notify);
  const disposables: vscode.Disposable[] = [reviews];
  disposables.push(vscode.window.createTreeView(PENDING_REVIEWS_VIEW, { treeDataProvider: reviews, showCollapseAll: false }));
  // The watcher needs the folder to exist; the pin store creates it the same way (0700).
  const pinsDir = path.join(stateDir, 'pins');
  void fs
    .mkdir(pinsDir, { recursive: true, mode: 0o700 })
    .catch(() => undefined)
    .finally(() => reviews.schedule(0));
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(stateDir), 'pins/*.json'));
  disposables.push(watcher, watcher.onDidCreate(() => reviews.schedule()), watcher.onDidChange(() => reviews.schedule()), watcher.onDidDelete(() => reviews.schedule()));
  if (hub) {
    const stop = hub.store.onChange((change) => {
      if (change.sessions.some((session) => session.warnings.some((warning) => /until reviewed|\bpins?\b/i.test(warning)))) reviews.schedule();
    });
    disposables.push({ dispose: stop });
  }
  return { reviews, disposable: vscode.Disposable.from(...disposables) };
}
