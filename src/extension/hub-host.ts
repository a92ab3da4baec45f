// Hosts the hub in this extension host and feeds the Inspector's traffic store.
//
// Several VS Code windows, one per-user socket. The first window to start owns the hub; a second
// HubServer.start finds the live socket and throws HubBusyError. Such a window does not fail and
// does not speak the hub protocol as a second kind of peer: EVERY window (the hub's owner
// included) tails <state>/audit/audit.jsonl, which every proxy appends to whether or not a hub
// runs. The owner also gets events live from the hub; the store keeps each message once, keyed
// by (sessionId, seq), so the two feeds overlap harmlessly. This needs no protocol change, keeps
// working when the owning window closes mid-session, and shows sessions the hub never saw (a
// proxy that started before any window, a hub restart). A window without the hub retries to
// become it every few seconds, so closing the owner hands the hub to another window.
// Cost of the choice: a non-owner window sees events after the audit log's flush (one
// event-loop turn in the proxy) plus the poll interval (250 ms), and nothing from a proxy run with
// --no-audit.
import * as vscode from 'vscode';
import { AuditTail, auditDirectory } from '../core/audit/reader.js';
import { HubBusyError, HubServer } from '../core/hub/server.js';
import { TrafficStore } from '../core/inspector/traffic-store.js';
import type { Feed } from '../core/webview-messages.js';
import type { InventoryService } from './inventory-service.js';

const TAKEOVER_RETRY_MS = 5_000;
/** How much of the live audit file a window reads at start, so recent sessions show at once. */
const BACKLOG_BYTES = 512 * 1024;

export class HubHost implements vscode.Disposable {
  readonly store: TrafficStore;
  private hub: HubServer | undefined;
  private tail: AuditTail | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private current: Feed = { mode: 'off', detail: 'starting' };
  private readonly feedChanged = new vscode.EventEmitter<Feed>();
  readonly onDidChangeFeed = this.feedChanged.event;
  /** Damaged audit lines the tail skipped. */
  damagedLines = 0;

  constructor(
    readonly stateDir: string,
    service?: InventoryService,
  ) {
    this.store = new TrafficStore({
      maxMessages: 5_000,
      describe: (serverId) => {
        const item = service?.item(serverId);
        return item ? { serverName: item.server.name, client: service!.clientName(item.server.client) } : undefined;
      },
    });
  }

  get feed(): Feed {
    return this.current;
  }

  /** Starts the audit tail at once and tries to own the hub. */
  async start(): Promise<void> {
    if (this.disposed || this.tail) return;
    this.tail = new AuditTail({
      dir: auditDirectory(this.stateDir),
      backlogBytes: BACKLOG_BYTES,
      onEvents: (events) => this.store.addMany(events, 'audit'),
      onDamaged: () => this.damagedLines++,
    });
    this.tail.start();
    await this.tryHub();
  }

  private async tryHub(): Promise<void> {
    if (this.disposed || this.hub) return;
    try {
      const hub = await HubServer.start({ stateDir: this.stateDir, onEvent: (event) => this.store.add(event, 'live') });
      if (this.disposed) {
        await hub.close();
        return;
      }
      this.hub = hub;
      this.setFeed({ mode: 'hub', detail: `live from proxies via ${hub.endpoint}, plus the audit log` });
    } catch (error) {
      const busy = error instanceof HubBusyError || (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      this.setFeed(
        busy
          ? { mode: 'audit-tail', detail: 'another VS Code window hosts the hub: following the audit log' }
          : { mode: 'audit-tail', detail: `hub not started (${(error as Error).message}): following the audit log` },
      );
      this.retryTimer = setTimeout(() => void this.tryHub(), TAKEOVER_RETRY_MS);
      this.retryTimer.unref();
    }
  }

  private setFeed(feed: Feed): void {
    this.current = feed;
    this.feedChanged.fire(feed);
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.tail?.stop();
    void this.hub?.close();
    this.hub = undefined;
    this.feedChanged.dispose();
  }
}

/** Starts hosting (without delaying activation) and returns the host for the Inspector and the API. */
export function registerHubHost(service: InventoryService): HubHost {
  const host = new HubHost(service.stateDir, service);
  // Off the activation path: the backlog read and the socket set-up happen on the next turn.
  const timer = setTimeout(() => void host.start().catch(() => undefined), 0);
  timer.unref();
  return host;
}
