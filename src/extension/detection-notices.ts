// A notification when a proxy blocks a definition, a result or a call, coalesced per server: the
// first block waits a moment for its siblings (one tools/list often withholds several tools), and
// after a notice the server stays quiet for a while, its further blocks gathered into the next one.
// "Show in Inspector" opens the Inspector on the message that carried the first block.
import * as vscode from 'vscode';
import { blocksOf, noticeText, type Block } from '../core/inspector/block-notices.js';
import type { TrafficStore } from '../core/inspector/traffic-store.js';
import type { InventoryService } from './inventory-service.js';

const COALESCE_MS = 1_500;
const QUIET_MS = 30_000;
/** Blocks the audit log recorded before this window started are history, not news. */
const BACKLOG_SLACK_MS = 10_000;
const KEEP_SHOWN = 50;
export const SHOW_IN_INSPECTOR = 'Show in Inspector';

export interface NoticeSnapshot {
  serverId: string;
  text: string;
  sessionId: string;
  seq: number;
}

export class BlockNotices implements vscode.Disposable {
  private readonly pending = new Map<string, { blocks: Block[]; timer: NodeJS.Timeout }>();
  private readonly quietUntil = new Map<string, number>();
  private readonly shownNotices: NoticeSnapshot[] = [];
  private readonly unsubscribe: () => void;
  private readonly since = Date.now() - BACKLOG_SLACK_MS;

  constructor(
    private readonly service: InventoryService,
    store: TrafficStore,
    private readonly reveal: (sessionId: string, seq: number) => void,
  ) {
    this.unsubscribe = store.onChange((change) => {
      for (const message of change.messages) if (message.time >= this.since) for (const block of blocksOf(message)) this.add(block);
    });
  }

  /** The notices shown so far, newest last. */
  shown(): NoticeSnapshot[] {
    return [...this.shownNotices];
  }

  private add(block: Block): void {
    const entry = this.pending.get(block.serverId);
    if (entry) {
      if (!entry.blocks.some((b) => b.what === block.what)) entry.blocks.push(block);
      return;
    }
    const delay = Math.max(COALESCE_MS, (this.quietUntil.get(block.serverId) ?? 0) - Date.now());
    this.pending.set(block.serverId, { blocks: [block], timer: setTimeout(() => this.flush(block.serverId), delay) });
  }

  private flush(serverId: string): void {
    const entry = this.pending.get(serverId);
    if (!entry) return;
    this.pending.delete(serverId);
    this.quietUntil.set(serverId, Date.now() + QUIET_MS);
    const name = this.service.item(serverId)?.server.name ?? serverId;
    const first = entry.blocks[0]!;
    const text = noticeText(name, entry.blocks);
    this.shownNotices.push({ serverId, text, sessionId: first.sessionId, seq: first.seq });
    if (this.shownNotices.length > KEEP_SHOWN) this.shownNotices.shift();
    void vscode.window.showWarningMessage(text, SHOW_IN_INSPECTOR).then((choice) => {
      if (choice === SHOW_IN_INSPECTOR) this.reveal(first.sessionId, first.seq);
    });
  }

  dispose(): void {
    this.unsubscribe();
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }
}

export function registerBlockNotices(service: InventoryService, store: TrafficStore, inspector: { reveal(sessionId: string, seq: number): void }): BlockNotices {
  return new BlockNotices(service, store, (sessionId, seq) => inspector.reveal(sessionId, seq));
}
