import type { FileSystem } from './fs/file-system.js';
import type { Finding, HostInfo, Severity } from './model.js';
import { loadPolicy } from './policy/org-policy.js';
import { scan } from './scan.js';
import type { ScanResult } from './scan-result.js';
import { loadApprovals } from './state/approvals.js';
import { loadSeen, saveSeen } from './state/seen.js';

export interface ScanWithStateOptions {
  host: HostInfo;
  fs: FileSystem;
  stateDir: string;
  folders: readonly string[];
  policyPath?: string;
  includeUserConfigs?: boolean;
  includeRecent?: boolean;
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
  /** Record this scan's servers so the next one can tell which are new (default true). */
  remember?: boolean;
}

/**
 * The whole scan as the CLI and the editor run it: approvals, organisation policy and the
 * previous scan's servers from disk, then discovery, rules and classification. A damaged
 * approvals or policy file is reported as a finding and counts as approving nothing.
 */
export async function scanWithState(options: ScanWithStateOptions): Promise<ScanResult> {
  const [approvals, policy, previouslySeen] = await Promise.all([
    loadApprovals(options.stateDir),
    options.policyPath ? loadPolicy(options.policyPath, options.fs) : Promise.resolve({ policy: undefined, problems: [] as Finding[] }),
    loadSeen(options.stateDir),
  ]);
  const result = await scan({
    host: options.host,
    fs: options.fs,
    folders: options.folders,
    includeUserConfigs: options.includeUserConfigs,
    includeRecent: options.includeRecent,
    policy: policy.policy,
    approvals: approvals.approvals,
    previouslySeen,
    ruleSeverity: options.ruleSeverity,
    extraFindings: [...approvals.problems, ...policy.problems],
    stateDir: options.stateDir,
  });
  if (options.remember ?? true) {
    const known = new Set([...(previouslySeen ?? []), ...result.items.map((item) => item.server.id)]);
    await saveSeen(options.stateDir, known);
  }
  return result;
}
