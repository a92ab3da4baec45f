// Problems for what the protected servers' proxies detected in their definitions: each finding of
// the latest tools/prompts/resources list of a server, placed on that server's entry in its config
// file (found through the inventory by the id the proxy runs with). Fed by the Inspector's traffic
// store, so it covers live hub events and sessions the audit log recorded while VS Code was closed.
import * as vscode from 'vscode';
import { DefinitionFindings } from '../core/inspector/definition-findings.js';
import type { NoteFinding } from '../core/inspector/detect-notes.js';
import type { TrafficStore } from '../core/inspector/traffic-store.js';
import type { Finding, Severity } from '../core/model.js';
import type { InventoryService } from './inventory-service.js';

const SEVERITY: Record<NoteFinding['severity'], Severity> = { high: 'error', medium: 'warning', low: 'info' };
const DONE: Record<string, string> = { block: ' Withheld by the Warden proxy.', mark: ' Marked by the Warden proxy.', redact: ' Redacted by the Warden proxy.' };

/** What a proxy finding carries in Finding.data: where it was seen, for the Inspector link. */
export interface ProxyFindingData {
  source: 'proxy';
  sessionId: string;
  seq: number;
  path: string;
  span: [number, number];
  [key: string]: unknown;
}

export function proxyFindingText(f: NoteFinding): string {
  const what = f.item ? `${f.item.kind ?? 'item'} \`${f.item.name}\`` : f.where;
  return `${what}: ${f.message} (${f.path || 'text'} [${f.span[0]}, ${f.span[1]}]).${DONE[f.action] ?? ''}`;
}

export class DetectionProblems implements vscode.Disposable {
  private readonly ledger = new DefinitionFindings();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly service: InventoryService,
    store: TrafficStore,
  ) {
    let any = false;
    for (const message of store.messages()) any = this.ledger.add(message) || any;
    this.unsubscribe = store.onChange((change) => {
      let changed = false;
      for (const message of change.messages) changed = this.ledger.add(message) || changed;
      if (changed) this.changed.fire();
    });
    if (any) queueMicrotask(() => this.changed.fire());
  }

  /** The findings as core findings on each server's config entry; servers the inventory does not know are left out. */
  findings(): Finding[] {
    const out: Finding[] = [];
    for (const list of this.ledger.current()) {
      const item = this.service.item(list.serverId);
      if (!item) continue;
      for (const f of list.findings) {
        const data: ProxyFindingData = { source: 'proxy', sessionId: list.sessionId, seq: list.seq, path: f.path, span: f.span };
        out.push({ ruleId: f.rule, severity: SEVERITY[f.severity], message: proxyFindingText(f), file: item.server.configPath, range: item.server.nameRange, serverId: item.server.id, serverName: item.server.name, data });
      }
    }
    return out;
  }

  dispose(): void {
    this.unsubscribe();
    this.changed.dispose();
  }
}

export function registerDetectionProblems(service: InventoryService, store: TrafficStore): DetectionProblems {
  return new DetectionProblems(service, store);
}
