import { allAdapters } from '../clients/index.js';
import type { Finding, Severity } from '../model.js';
import { describeLaunch, launchOf } from '../policy/launch.js';
import type { InventoryItem, ScanResult } from '../scan-result.js';

export interface TextOptions {
  color: boolean;
}

const CODES = { red: 31, yellow: 33, green: 32, cyan: 36, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

function clientName(id: string): string {
  return allAdapters.find((adapter) => adapter.id === id)?.displayName ?? id;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Config values are attacker-controlled: strip terminal control characters before printing them. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function formatText(scan: ScanResult, options: TextOptions): string {
  const paint = (style: Style, text: string): string => (options.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const shadow = scan.items.filter((item) => item.status === 'shadow').length;
  const fresh = scan.items.filter((item) => item.isNew).length;
  const counts = (['error', 'warning', 'info'] as const).map((severity) => [severity, scan.findings.filter((finding) => finding.severity === severity).length] as const);
  const filesWithServers = scan.sources.filter((source) => source.exists).length;
  lines.push(
    paint('bold', 'MCP Warden') +
      ` — ${plural(scan.items.length, 'server')} in ${plural(filesWithServers, 'config file')}` +
      (shadow ? `, ${paint('yellow', `${shadow} shadow`)}` : '') +
      (fresh ? `, ${fresh} new` : '') +
      `; ${plural(scan.findings.length, 'finding')}` +
      (scan.findings.length ? ` (${counts.filter(([, count]) => count > 0).map(([severity, count]) => paint(SEVERITY_STYLE[severity], `${count} ${severity}`)).join(', ')})` : ''),
  );

  const findingLine = (finding: Finding, indent: string): string => {
    const where = finding.range ? `${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}` : finding.file;
    return `${indent}${paint(SEVERITY_STYLE[finding.severity], finding.severity.padEnd(7))} ${paint('dim', finding.ruleId)}  ${printable(finding.message)}\n${indent}        ${paint('dim', printable(where))}`;
  };
  const statusText = (item: InventoryItem): string => {
    const parts: string[] = [item.status === 'approved' ? paint('green', 'approved') : item.status === 'shadow' ? paint('yellow', 'shadow') : paint('dim', 'disabled')];
    if (item.isNew) parts.push(paint('cyan', 'new'));
    if (item.conflictsWith.length) parts.push(paint('yellow', 'conflicting'));
    return parts.join(' · ');
  };

  if (scan.items.length === 0 && scan.findings.length === 0) {
    const clients = new Set(scan.sources.map((source) => source.location.client)).size;
    lines.push('', `No MCP server is configured here: looked in ${scan.sources.length} places where ${clients} clients keep their MCP configs.`);
  }
  const files = new Map<string, InventoryItem[]>();
  for (const item of scan.items) {
    const key = `${item.server.client}\u0000${item.server.scope}\u0000${item.server.configPath}\u0000${item.server.projectKey ?? ''}`;
    files.set(key, [...(files.get(key) ?? []), item]);
  }
  for (const [key, items] of files) {
    const [client, scope, file, project] = key.split('\u0000') as [string, string, string, string];
    lines.push('', `${paint('bold', clientName(client))} · ${scope} · ${printable(file)}${project ? ` (project ${printable(project)})` : ''}`);
    const width = Math.min(28, Math.max(...items.map((item) => item.server.name.length)));
    for (const item of items) {
      const launch = truncate(printable(describeLaunch(launchOf(item.server))), 60);
      lines.push(`  ${printable(item.server.name).padEnd(width)}  ${item.server.transport.padEnd(5)}  ${launch}  ${statusText(item)}`);
      for (const finding of item.findings.filter((finding) => finding.ruleId !== 'shadow-server')) lines.push(findingLine(finding, '      '));
    }
  }
  const loose = scan.findings.filter((finding) => !finding.serverId);
  if (loose.length > 0) {
    lines.push('', paint('bold', 'Files that could not be read or checked'));
    for (const finding of loose) lines.push(findingLine(finding, '  '));
  }
  return `${lines.join('\n')}\n`;
}
