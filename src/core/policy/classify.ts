import type { Finding, ServerEntry } from '../model.js';
import type { InventoryItem } from '../scan-result.js';
import type { Approval } from '../state/approvals.js';
import { conflictingDefinitions } from './conflicts.js';
import { launchFingerprint, launchOf } from './launch.js';
import type { OrgPolicy } from './org-policy.js';
import { serverMatches } from './server-match.js';

export interface ClassifyInput {
  servers: readonly ServerEntry[];
  approvals: readonly Approval[];
  policy?: OrgPolicy;
  /** Server ids of the previous scan; undefined on the first scan, when nothing counts as new. */
  previouslySeen?: ReadonlySet<string>;
}

function denialFinding(server: ServerEntry, ruleId: string): Finding {
  return {
    ruleId: 'denied-server',
    severity: 'error',
    message: `server "${server.name}" is denied by the organisation policy (entry "${ruleId}")`,
    file: server.configPath,
    range: server.nameRange,
    serverId: server.id,
    serverName: server.name,
  };
}

function shadowFinding(server: ServerEntry): Finding {
  return {
    ruleId: 'shadow-server',
    severity: 'warning',
    message: `server "${server.name}" is not in the approved inventory (shadow server)`,
    file: server.configPath,
    range: server.nameRange,
    serverId: server.id,
    serverName: server.name,
    data: { kind: 'shadow-server' },
  };
}

/** Decides approved / shadow / disabled for every server and adds the policy findings. */
export function classifyServers(input: ClassifyInput): { items: InventoryItem[]; findings: Finding[] } {
  const conflicts = conflictingDefinitions(input.servers);
  const allowUserApprovals = input.policy?.allowUserApprovals ?? true;
  const approvedByUser = new Map(input.approvals.map((approval) => [approval.fingerprint, approval]));
  const findings: Finding[] = [];
  const items = input.servers.map((server): InventoryItem => {
    const base = {
      server,
      isNew: input.previouslySeen !== undefined && !input.previouslySeen.has(server.id),
      conflictsWith: conflicts.get(server.id) ?? [],
      protected: false,
      findings: [],
    };
    const denied = input.policy?.denied.find((entry) => serverMatches(server, entry.match));
    if (denied) {
      findings.push(denialFinding(server, denied.id));
      return { ...base, status: server.disabled ? 'disabled' : 'shadow', reason: `denied by organisation policy entry "${denied.id}"` };
    }
    if (server.disabled) return { ...base, status: 'disabled', reason: 'disabled in its config; the client will not start it' };
    const byPolicy = input.policy?.approved.find((entry) => serverMatches(server, entry.match));
    if (byPolicy) return { ...base, status: 'approved', reason: `approved by organisation policy entry "${byPolicy.id}"` };
    const byUser = allowUserApprovals ? approvedByUser.get(launchFingerprint(launchOf(server))) : undefined;
    if (byUser) return { ...base, status: 'approved', reason: `approved by you on ${byUser.approvedAt.slice(0, 10)}` };
    findings.push(shadowFinding(server));
    const why = allowUserApprovals ? 'matches no approved server' : 'matches no server the organisation policy approves';
    return { ...base, status: 'shadow', reason: why };
  });
  return { items, findings };
}
