// Runs core scans with the current settings, holds the latest result and tells listeners when
// it changes. Scans never overlap: a request during a scan queues exactly one more. A failing
// scan keeps the last good result and says why, once per distinct reason.
import * as vscode from 'vscode';
import { allAdapters } from '../core/clients/index.js';
import type { ClientAdapter } from '../core/clients/adapter.js';
import { nodeFileSystem } from '../core/fs/node-file-system.js';
import type { ClientId, Finding, HostInfo, ServerEntry } from '../core/model.js';
import { loadPolicy } from '../core/policy/org-policy.js';
import { scan } from '../core/scan.js';
import type { InventoryItem, ScanResult } from '../core/scan-result.js';
import { approveServers, loadApprovals, revokeApproval } from '../core/state/approvals.js';
import { loadSeen, saveSeen } from '../core/state/seen.js';
import { stateDirectory } from '../core/state/state-dir.js';
import { currentHost } from './host.js';
import { overlayFileSystem, pathKey } from './overlay-file-system.js';
import { readSettings, type WardenSettings } from './settings.js';

export class InventoryService implements vscode.Disposable {
  readonly host: HostInfo = currentHost();
  readonly stateDir = stateDirectory(this.host);
  private readonly fs = overlayFileSystem(nodeFileSystem);
  private readonly changed = new vscode.EventEmitter<ScanResult>();
  /** Fires after every completed scan, with its result. */
  readonly onDidChange = this.changed.event;
  private readonly busyChanged = new vscode.EventEmitter<boolean>();
  readonly onDidChangeBusy = this.busyChanged.event;

  private result: ScanResult | undefined;
  private running: Promise<void> | undefined;
  private queued = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiters: Array<{ resolve: (result: ScanResult) => void; reject: (error: Error) => void }> = [];
  private baseline: Set<string> | undefined;
  private baselineLoaded = false;
  private saved = new Set<string>();
  private lastError: string | undefined;
  private configPaths = new Set<string>();
  private disposed = false;
  private lastStart = 0;
  /** How long the last successful scan took, in milliseconds. */
  lastDuration: number | undefined;
  settings: WardenSettings = { scanRecentWorkspaces: true, scanUserConfigs: true, ruleSeverity: {} };

  get latest(): ScanResult | undefined {
    return this.result;
  }

  get busy(): boolean {
    return this.running !== undefined || this.timer !== undefined || this.queued;
  }

  folders(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  }

  /** A config file the last scan looked at (existing or not). */
  isConfigFile(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && this.configPaths.has(pathKey(uri.fsPath));
  }

  item(id: string): InventoryItem | undefined {
    return this.result?.items.find((item) => item.server.id === id);
  }

  adapter(client: ClientId): ClientAdapter | undefined {
    return allAdapters.find((adapter) => adapter.id === client);
  }

  clientName(client: ClientId): string {
    return this.adapter(client)?.displayName ?? client;
  }

  /**
   * Throttled scan: the first change after a quiet period scans at once (squiggles follow an edit
   * in a few tens of milliseconds); a burst of file events or keystrokes then gets at most one
   * scan per `intervalMs`, the last one reading the final state.
   */
  schedule(intervalMs = 100): void {
    if (this.disposed || this.timer) return;
    const wait = Math.max(0, this.lastStart + intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.rescan();
    }, wait);
  }

  /** Resolves with the result of the next scan that completes after this call. */
  nextScan(): Promise<ScanResult> {
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** The latest result when no scan is running or due; otherwise the next one. */
  whenScanned(): Promise<ScanResult> {
    if (!this.busy && this.result) return Promise.resolve(this.result);
    return this.nextScan();
  }

  /** Scans now (or right after the running scan) and resolves with that scan's result, or undefined if it failed. */
  async rescan(): Promise<ScanResult | undefined> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const next = this.nextScan().catch(() => undefined);
    if (this.running) {
      this.queued = true;
    } else {
      this.running = this.loop();
    }
    return next;
  }

  private async loop(): Promise<void> {
    this.busyChanged.fire(true);
    try {
      do {
        this.queued = false;
        await this.scanOnce();
      } while (this.queued && !this.disposed);
    } finally {
      this.running = undefined;
      this.busyChanged.fire(this.busy);
    }
  }

  private async scanOnce(): Promise<void> {
    const waiters = this.waiters;
    this.waiters = [];
    const started = Date.now();
    this.lastStart = started;
    try {
      const result = await this.runScan();
      this.lastDuration = Date.now() - started;
      this.result = result;
      this.lastError = undefined;
      this.configPaths = new Set(result.sources.map((source) => pathKey(source.location.path)));
      for (const waiter of waiters) waiter.resolve(result);
      this.changed.fire(result);
      void this.rememberSeen(result);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const waiter of waiters) waiter.reject(new Error(reason));
      if (reason !== this.lastError && !this.disposed) {
        this.lastError = reason;
        void vscode.window.showErrorMessage(`MCP Warden could not scan for MCP servers: ${reason}. The last results are kept.`);
      }
    }
  }

  private async runScan(): Promise<ScanResult> {
    const folders = this.folders();
    this.settings = readSettings(folders);
    if (!this.baselineLoaded) {
      this.baseline = await loadSeen(this.stateDir).catch(() => undefined);
      this.baselineLoaded = true;
      if (this.baseline) this.saved = new Set(this.baseline);
    }
    const { approvals, problems: approvalProblems } = await loadApprovals(this.stateDir);
    const extra: Finding[] = [...approvalProblems];
    let policy;
    if (this.settings.policyFile) {
      const loaded = await loadPolicy(this.settings.policyFile, this.fs);
      policy = loaded.policy;
      extra.push(...loaded.problems);
    }
    const result = await scan({
      host: this.host,
      fs: this.fs,
      folders,
      includeUserConfigs: this.settings.scanUserConfigs,
      includeRecent: this.settings.scanRecentWorkspaces,
      ...(policy ? { policy } : {}),
      approvals,
      ...(this.baseline ? { previouslySeen: this.baseline } : {}),
      ruleSeverity: this.settings.ruleSeverity,
      extraFindings: extra,
      // Protected entries whose rewrite was removed are reported (protection-removed).
      stateDir: this.stateDir,
    });
    if (!this.baseline) {
      // First run ever: what is there now is the baseline; servers added later in this session are new.
      this.baseline = new Set(result.items.map((item) => item.server.id));
    }
    return result;
  }

  /** Persists the ids seen so the next session knows which servers are new; writes only when something was added. */
  private async rememberSeen(result: ScanResult): Promise<void> {
    const ids = result.items.map((item) => item.server.id);
    if (ids.every((id) => this.saved.has(id))) return;
    const next = new Set([...this.saved, ...ids]);
    try {
      await saveSeen(this.stateDir, next);
      this.saved = next;
    } catch (error) {
      console.warn(`MCP Warden: could not save the seen servers: ${String(error)}`);
    }
  }

  async approve(servers: readonly ServerEntry[]): Promise<void> {
    await approveServers(this.stateDir, [...servers]);
    await this.rescan();
  }

  async revoke(server: ServerEntry): Promise<void> {
    await revokeApproval(this.stateDir, server);
    await this.rescan();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.waiters) waiter.reject(new Error('MCP Warden is shutting down'));
    this.waiters = [];
    this.changed.dispose();
    this.busyChanged.dispose();
  }
}
