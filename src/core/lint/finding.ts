import type { Finding, ServerEntry, Severity, TextRange } from '../model.js';

/** A finding about one server entry, with the file, server id and name filled in. */
export function serverFinding(
  rule: { id: string; severity: Severity },
  server: ServerEntry,
  message: string,
  options: { range?: TextRange; severity?: Severity; data?: Record<string, unknown> } = {},
): Finding {
  return {
    ruleId: rule.id,
    severity: options.severity ?? rule.severity,
    message,
    file: server.configPath,
    range: options.range ?? server.range,
    serverId: server.id,
    serverName: server.name,
    ...(options.data ? { data: options.data } : {}),
  };
}
