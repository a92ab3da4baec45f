// What `scan --connect` adds to the scan report: each definition finding becomes a Finding on the
// server's config entry (so text, JSON and SARIF show it like any other), and the JSON and SARIF
// outputs gain the fields a finding of a live server has and a config finding lacks: the tool,
// the JSON path and the span inside that string.
import type { Finding, Severity } from '../model.js';
import type { ScanResult } from '../scan-result.js';
import type { ConnectOutcome } from './connect-server.js';
import type { DefinitionFinding } from './definition-findings.js';

export const CONNECT_FAILED_RULE = 'connect-failed';

/** A detector's confidence as a report severity: high findings are errors, medium warnings, low notes. */
const SEVERITY: Record<DefinitionFinding['severity'], Severity> = { high: 'error', medium: 'warning', low: 'info' };

/** What a connect finding carries in Finding.data, and what JSON and SARIF add from it. */
export interface ConnectFindingData {
  source: 'connect';
  kind: DefinitionFinding['kind'];
  item: string;
  path: string;
  span: [number, number];
  [key: string]: unknown;
}

export function connectFindingText(f: DefinitionFinding): string {
  return `${f.kind} \`${f.item}\`: ${f.message} (${f.path} [${f.span[0]}, ${f.span[1]}])`;
}

function findingsOf(outcome: ConnectOutcome): Finding[] {
  const out: Finding[] = [];
  for (const item of outcome.target.items) {
    const base = { file: item.server.configPath, range: item.server.nameRange, serverId: item.server.id, serverName: item.server.name };
    if (outcome.status === 'failed') out.push({ ...base, ruleId: CONNECT_FAILED_RULE, severity: 'warning', message: `could not list its tools: ${outcome.error}` });
    if (outcome.status !== 'connected') continue;
    for (const f of outcome.findings) {
      const data: ConnectFindingData = { source: 'connect', kind: f.kind, item: f.item, path: f.path, span: f.span };
      out.push({ ...base, ruleId: f.rule, severity: SEVERITY[f.severity], message: connectFindingText(f), data });
    }
  }
  return out;
}

/** The scan result with every connect finding added to its server's item and to the finding list. */
export function withConnectFindings(result: ScanResult, outcomes: readonly ConnectOutcome[]): ScanResult {
  const added = outcomes.flatMap(findingsOf);
  const items = result.items.map((item) => {
    const mine = added.filter((finding) => finding.serverId === item.server.id);
    return mine.length > 0 ? { ...item, findings: [...item.findings, ...mine] } : item;
  });
  return { ...result, items, findings: [...result.findings, ...added] };
}

function connectData(finding: Finding): ConnectFindingData | undefined {
  return finding.data?.source === 'connect' ? (finding.data as ConnectFindingData) : undefined;
}

function outcomeJson(outcome: ConnectOutcome): Record<string, unknown> {
  const servers = outcome.target.items.map((item) => ({ id: item.server.id, name: item.server.name, configPath: item.server.configPath }));
  const common = { status: outcome.status, command: outcome.target.launch.command, args: outcome.target.launch.args, servers };
  if (outcome.status === 'connected') return { ...common, server: outcome.summary.name, version: outcome.summary.version, listed: outcome.counts, pages: outcome.summary.pages, findings: outcome.findings.length, ms: outcome.ms };
  if (outcome.status === 'failed') return { ...common, error: outcome.error, ms: outcome.ms };
  return { ...common, reason: outcome.reason };
}

/** Adds `tool`/`kind`/`path`/`span` to the JSON report's connect findings and a `connect` list of what was started. */
export function addConnectToJson(report: Record<string, unknown>, result: ScanResult, outcomes: readonly ConnectOutcome[]): Record<string, unknown> {
  const findings = (report.findings as Record<string, unknown>[]).map((entry, index) => {
    const data = result.findings[index] ? connectData(result.findings[index]) : undefined;
    return data ? { ...entry, kind: data.kind, [data.kind === 'tool' ? 'tool' : 'item']: data.item, path: data.path, span: data.span } : entry;
  });
  return { ...report, findings, connect: outcomes.map(outcomeJson) };
}

/** Gives each connect result its tool, path and span (the rule catalog already declares the detector rules and connect-failed). */
export function addConnectToSarif(sarif: Record<string, unknown>, result: ScanResult): Record<string, unknown> {
  const [run] = sarif.runs as Array<{ results: Array<Record<string, unknown>> }>;
  if (!run) return sarif;
  result.findings.forEach((finding, index) => {
    const data = connectData(finding);
    const entry = run.results[index];
    if (data && entry) entry.properties = { ...(entry.properties as Record<string, unknown> | undefined), kind: data.kind, item: data.item, path: data.path, span: data.span };
  });
  return sarif;
}

/** Names, commands and stderr lines come from configs and servers: no terminal control characters reach the screen. */
function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

/** The text report's closing section: what was started and what came of it. */
export function formatConnectSummary(outcomes: readonly ConnectOutcome[]): string {
  if (outcomes.length === 0) return '\nscan --connect: no unprotected stdio server to start.\n';
  const lines = ['', 'scan --connect'];
  for (const outcome of outcomes) {
    const names = outcome.target.items.map((item) => item.server.name).filter((name, i, all) => all.indexOf(name) === i).join(', ');
    if (outcome.status === 'connected') {
      const c = outcome.counts;
      lines.push(`  ${plain(names)}: listed ${c.tools} tools, ${c.prompts} prompts, ${c.resources} resources, ${c.resourceTemplates} templates in ${outcome.ms} ms; ${outcome.findings.length} findings`);
    } else if (outcome.status === 'failed') lines.push(`  ${plain(names)}: failed: ${plain(outcome.error)}`);
    else lines.push(`  ${plain(names)}: ${outcome.status}: ${plain(outcome.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}
