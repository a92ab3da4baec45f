import type { ClientAdapter } from './clients/adapter.js';
import { discover } from './discovery.js';
import type { FileSystem } from './fs/file-system.js';
import { lintServers } from './lint/index.js';
import type { Finding, HostInfo, Severity } from './model.js';
import { classifyServers } from './policy/classify.js';
import type { OrgPolicy } from './policy/org-policy.js';
import type { ScanResult } from './scan-result.js';
import type { Approval } from './state/approvals.js';
import { protectionFindings } from './protect/findings.js';
import { protectionOf, unwrapProtected } from './protect/detect.js';

export interface ScanOptions {
  host: HostInfo;
  fs: FileSystem;
  folders: readonly string[];
  includeUserConfigs?: boolean;
  includeRecent?: boolean;
  policy?: OrgPolicy;
  approvals: readonly Approval[];
  previouslySeen?: ReadonlySet<string>;
  /** The user's severity overrides; the organisation policy's `rules` win over them. */
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
  /** Problems found before scanning (an unreadable policy or approvals file), reported with the rest. */
  extraFindings?: readonly Finding[];
  /** Warden's state directory, to report protected entries whose rewrite was removed. */
  stateDir?: string;
  adapters?: readonly ClientAdapter[];
  now?: () => Date;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function findingKey(finding: Finding): string {
  return [finding.ruleId, finding.file, finding.range?.offset ?? -1, finding.range?.length ?? -1, finding.message].join('\u0000');
}

/** Discovery, config rules and the approved inventory in one pass: what `mcp-warden scan` and the editor show. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const { sources, problems: discoveryProblems } = await discover(options);
  const configured = sources.flatMap((source) => source.servers);
  // A protected entry launches the Warden proxy with the original command after "--": rules,
  // approvals and policy judge that original command, whose ranges point into the same file.
  const isProtected = new Set(configured.filter((server) => protectionOf(server).protected).map((server) => server.id));
  const servers = configured.map(unwrapProtected);
  const severity = { ...options.ruleSeverity, ...options.policy?.rules };
  const classified = classifyServers({ servers, approvals: options.approvals, policy: options.policy, previouslySeen: options.previouslySeen });
  const policyFindings = classified.findings.flatMap((finding) => {
    const level = severity[finding.ruleId];
    if (level === 'off') return [];
    return [level ? { ...finding, severity: level } : finding];
  });
  const all = [
    ...(options.extraFindings ?? []),
    ...discoveryProblems,
    ...sources.flatMap((source) => source.problems),
    ...policyFindings,
    ...lintServers(servers, { severity }),
    ...(options.stateDir ? await protectionFindings(options.stateDir, configured) : []),
  ];
  // The same file can be read by two clients (a root .mcp.json): report each finding once.
  const unique = new Map<string, Finding>();
  for (const finding of all) if (!unique.has(findingKey(finding))) unique.set(findingKey(finding), finding);
  const findings = [...unique.values()].sort(
    (a, b) => a.file.localeCompare(b.file) || (a.range?.offset ?? -1) - (b.range?.offset ?? -1) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  const byServer = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.serverId) continue;
    const list = byServer.get(finding.serverId) ?? [];
    if (!list.includes(finding)) list.push(finding);
    byServer.set(finding.serverId, list);
  }
  const items = classified.items.map((item) => ({ ...item, protected: isProtected.has(item.server.id), findings: byServer.get(item.server.id) ?? [] }));
  return { scannedAt: (options.now?.() ?? new Date()).toISOString(), items, sources, findings };
}
