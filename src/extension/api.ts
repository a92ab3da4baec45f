// What activate() returns: a small surface for tests and other extensions. Read-only views of
// the inventory plus ways to wait for scans; changing state goes through the commands.
import type { ScanResult } from '../core/scan-result.js';
import type { Feed, MessageView, SessionView } from '../core/webview-messages.js';
import type { BlockNotices, NoticeSnapshot } from './detection-notices.js';
import type { HubHost } from './hub-host.js';
import type { InspectorPanel, InspectorState } from './inspector-panel.js';
import type { InventoryService } from './inventory-service.js';
import type { PendingReviews, PendingSnapshot } from './pin-review.js';
import type { ServersTreeProvider, TreeSnapshot } from './servers-tree.js';

export interface WardenApi {
  /** The latest completed scan, or undefined before the first one. */
  latestScan(): ScanResult | undefined;
  /** The latest scan when none is running or due, else the next one to complete. */
  whenScanned(): Promise<ScanResult>;
  /** The next scan to complete after this call (use it before causing a change). */
  nextScan(): Promise<ScanResult>;
  /** Scans now; resolves with the result, or undefined when the scan failed. */
  rescan(): Promise<ScanResult | undefined>;
  /** The Servers view's items as plain data (labels, descriptions, context values, icons). */
  treeSnapshot(): TreeSnapshot[];
  /** How long the last successful scan took (ms), for tests and troubleshooting. */
  lastScanDuration(): number | undefined;
  /** The folder holding approvals and other per-user state. */
  stateDirectory(): string;
  /** How long activate() itself took and when the first scan completed, for the activation benchmark. */
  activationTiming(): Promise<{ activateMs: number; firstScanDoneMs: number; firstScanMs: number }>;
  /** Read-only view of the Inspector's traffic store (copies), and where its events come from. */
  traffic(): TrafficReader;
  /** Whether the Inspector panel is open and its page has loaded. */
  inspectorState(): InspectorState;
  /** The Pending reviews view as plain data (pin files with pending changes, and their items). */
  pendingReviews(): PendingSnapshot[];
  /** Re-reads the pin files now and resolves with the view's items. */
  refreshPendingReviews(): Promise<PendingSnapshot[]>;
  /** The block notifications shown so far (text, server, and the message "Show in Inspector" opens). */
  blockNotices(): NoticeSnapshot[];
}

export interface TrafficReader {
  sessions(): SessionView[];
  messages(sessionId?: string): MessageView[];
  feed(): Feed;
}

/** Traffic pieces of the API; optional so callers that build an API without them keep working. */
export interface TrafficParts {
  hub: HubHost;
  inspector: InspectorPanel;
  pins?: PendingReviews;
  notices?: BlockNotices;
}

export interface ActivationMark {
  activationStarted: number;
  activateMs: number;
}

export function createApi(service: InventoryService, tree: ServersTreeProvider, activation: ActivationMark, traffic?: TrafficParts): WardenApi {
  const firstScan = service.whenScanned().then(() => ({
    activateMs: activation.activateMs,
    firstScanDoneMs: performance.now() - activation.activationStarted,
    firstScanMs: service.lastDuration ?? Number.NaN,
  }));
  return {
    latestScan: () => service.latest,
    whenScanned: () => service.whenScanned(),
    nextScan: () => service.nextScan(),
    rescan: () => service.rescan(),
    treeSnapshot: () => tree.snapshot(),
    lastScanDuration: () => service.lastDuration,
    stateDirectory: () => service.stateDir,
    activationTiming: () => firstScan,
    traffic: () => ({
      sessions: () => traffic?.hub.store.sessions() ?? [],
      messages: (sessionId?: string) => traffic?.hub.store.messages(sessionId) ?? [],
      feed: () => traffic?.hub.feed ?? { mode: 'off', detail: 'not hosted' },
    }),
    inspectorState: () => traffic?.inspector.state() ?? { open: false, ready: false, paused: false },
    pendingReviews: () => traffic?.pins?.snapshot() ?? [],
    refreshPendingReviews: async () => {
      await traffic?.pins?.refresh();
      return traffic?.pins?.snapshot() ?? [];
    },
    blockNotices: () => traffic?.notices?.shown() ?? [],
  };
}
