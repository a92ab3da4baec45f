// Every finding of the latest scan becomes a diagnostic on its exact range, in the Problems
// panel and the config file. Files that are no longer reported are cleared.
import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/model.js';
import type { ScanResult } from '../core/scan-result.js';
import type { InventoryService } from './inventory-service.js';
import { pathKey } from './overlay-file-system.js';
import { toRange } from './ranges.js';
import { ruleDocsUrl } from './rule-docs.js';

export const DIAGNOSTIC_SOURCE = 'MCP Warden';

function severity(value: Severity): vscode.DiagnosticSeverity {
  switch (value) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

export function toDiagnostic(finding: Finding, result: ScanResult): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, severity(finding.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  // Config rules link to their own page, detector rules to the detector table (both in the catalog).
  const docs = ruleDocsUrl(finding.ruleId);
  diagnostic.code = docs ? { value: finding.ruleId, target: vscode.Uri.parse(docs) } : finding.ruleId;
  const item = finding.serverId ? result.items.find((candidate) => candidate.server.id === finding.serverId) : undefined;
  if (item && item.conflictsWith.length > 0) {
    diagnostic.relatedInformation = item.conflictsWith.flatMap((id) => {
      const other = result.items.find((candidate) => candidate.server.id === id);
      if (!other) return [];
      const where = new vscode.Location(vscode.Uri.file(other.server.configPath), toRange(other.server.nameRange));
      return [new vscode.DiagnosticRelatedInformation(where, `"${other.server.name}" is also defined here (${other.server.client}, ${other.server.scope})`)];
    });
  }
  return diagnostic;
}

/** Findings from outside the scan (the proxies' detectors) shown beside the scan's own. */
export interface ExtraFindings {
  findings(): Finding[];
  onDidChange: vscode.Event<void>;
}

export function registerDiagnostics(service: InventoryService, extra?: ExtraFindings): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  let reported = new Map<string, vscode.Uri>();
  const update = (result: ScanResult): void => {
    try {
      const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
      for (const finding of [...result.findings, ...(extra?.findings() ?? [])]) {
        if (!finding.file) continue;
        const key = pathKey(finding.file);
        let entry = byFile.get(key);
        if (!entry) {
          entry = { uri: vscode.Uri.file(finding.file), diagnostics: [] };
          byFile.set(key, entry);
        }
        entry.diagnostics.push(toDiagnostic(finding, result));
      }
      for (const [key, uri] of reported) if (!byFile.has(key)) collection.delete(uri);
      for (const { uri, diagnostics } of byFile.values()) collection.set(uri, diagnostics);
      reported = new Map([...byFile].map(([key, entry]) => [key, entry.uri]));
    } catch (error) {
      console.error('MCP Warden: could not update diagnostics', error);
    }
  };
  const onExtra = extra?.onDidChange(() => {
    if (service.latest) update(service.latest);
  });
  return vscode.Disposable.from(collection, service.onDidChange(update), ...(onExtra ? [onExtra] : []));
}
