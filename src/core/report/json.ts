import { describeLaunch, launchOf } from '../policy/launch.js';
import type { ScanResult } from '../scan-result.js';

/** A stable, documented JSON shape for scripts: servers with their status, findings, and files read. */
export function toJsonReport(scan: ScanResult, toolVersion: string): Record<string, unknown> {
  return {
    tool: { name: 'mcp-warden', version: toolVersion },
    scannedAt: scan.scannedAt,
    servers: scan.items.map((item) => ({
      id: item.server.id,
      name: item.server.name,
      client: item.server.client,
      scope: item.server.scope,
      configPath: item.server.configPath,
      line: item.server.nameRange.start.line + 1,
      transport: item.server.transport,
      launch: describeLaunch(launchOf(item.server)),
      status: item.status,
      reason: item.reason,
      isNew: item.isNew,
      conflictsWith: item.conflictsWith,
      findings: item.findings.length,
    })),
    findings: scan.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      file: finding.file,
      line: finding.range ? finding.range.start.line + 1 : undefined,
      column: finding.range ? finding.range.start.character + 1 : undefined,
      server: finding.serverName,
    })),
    files: scan.sources
      .filter((source) => source.exists)
      .map((source) => ({ path: source.location.path, client: source.location.client, scope: source.location.scope, servers: source.servers.length, problems: source.problems.length })),
  };
}
