// A protected entry whose rewrite is gone (a user, the client or another tool put the original
// launch back) while Warden still has a record of protecting it: traffic no longer passes the proxy.
import type { Finding, ServerEntry } from '../model.js';
import { protectionOf } from './detect.js';
import { loadAllRecords } from './record.js';

export const PROTECTION_REMOVED_RULE = 'protection-removed';

export function protectionRemovedFindings(records: Awaited<ReturnType<typeof loadAllRecords>>['records'], servers: readonly ServerEntry[]): Finding[] {
  const findings: Finding[] = [];
  for (const record of records) {
    for (const [id, entry] of Object.entries(record.servers)) {
      const server = servers.find((candidate) => candidate.id === id);
      if (!server || protectionOf(server).protected) continue;
      findings.push({
        ruleId: PROTECTION_REMOVED_RULE,
        severity: 'warning',
        message: `server "${entry.name}" was protected by Warden, but its entry no longer launches the Warden proxy, so its traffic is not inspected; run "mcp-warden protect" to route it through the proxy again, or "mcp-warden unprotect" to forget the protection`,
        file: server.configPath,
        range: server.command?.range ?? server.range,
        serverId: server.id,
        serverName: server.name,
      });
    }
  }
  return findings;
}

/** The findings for a scan's servers, from the records in the state directory. */
export async function protectionFindings(stateDir: string, servers: readonly ServerEntry[]): Promise<Finding[]> {
  const { records } = await loadAllRecords(stateDir);
  return protectionRemovedFindings(records, servers);
}
