import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../model.js';
import { docsUrl, ruleCatalog } from '../rule-catalog.js';
import type { ScanResult } from '../scan-result.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  toolVersion: string;
  /** Findings in files under this folder get repository-relative URIs (what code scanning needs). */
  baseFolder?: string;
}

function artifactLocation(file: string, baseFolder: string | undefined): { uri: string; uriBaseId?: string } {
  if (baseFolder) {
    const relative = path.relative(baseFolder, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
      return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
    }
  }
  return { uri: pathToFileURL(file).href };
}

function result(finding: Finding, baseFolder: string | undefined): Record<string, unknown> {
  const region = finding.range
    ? {
        startLine: finding.range.start.line + 1,
        startColumn: finding.range.start.character + 1,
        endLine: finding.range.end.line + 1,
        endColumn: finding.range.end.character + 1,
        charOffset: finding.range.offset,
        charLength: finding.range.length,
      }
    : undefined;
  return {
    ruleId: finding.ruleId,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(finding.file, baseFolder), ...(region ? { region } : {}) } }],
    ...(finding.serverName ? { properties: { server: finding.serverName } } : {}),
  };
}

/** SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it. */
export function toSarif(scan: ScanResult, options: SarifOptions): Record<string, unknown> {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'MCP Warden',
            version: options.toolVersion,
            informationUri: 'https://github.com/mcp-warden/mcp-warden',
            rules: ruleCatalog.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.title },
              helpUri: docsUrl(rule.id),
              defaultConfiguration: { level: LEVEL[rule.severity] },
            })),
          },
        },
        ...(options.baseFolder ? { originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(options.baseFolder + path.sep).href } } } : {}),
        results: scan.findings.map((finding) => result(finding, options.baseFolder)),
      },
    ],
  };
}
