import type { Finding, ServerEntry } from '../../model.js';
import type { LintRule } from '../rule.js';
import { serverFinding } from '../finding.js';

/** What starts the server: command + args, or the url. Env and headers do not count. */
export function launchKey(server: ServerEntry): string {
  if (server.url) return JSON.stringify(['url', server.url.value.trim()]);
  return JSON.stringify(['cmd', server.command?.value.trim() ?? '', ...server.args.map((a) => a.value)]);
}

export function launchSummary(server: ServerEntry): string {
  if (server.url) return server.url.value;
  const line = [server.command?.value ?? '', ...server.args.map((a) => a.value)].join(' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

function fileOf(server: ServerEntry): string {
  return server.projectKey ? `${server.configPath} (project ${server.projectKey})` : server.configPath;
}

/**
 * One client reading the same server name from two files (user and workspace, profile and
 * project…) with different launches: one silently wins, and a workspace can shadow a trusted name.
 */
export const conflictingDefinition: LintRule = {
  id: 'conflicting-definition',
  severity: 'warning',
  title: 'Same server name, different definitions',
  docs: 'docs/rules/conflicting-definition.md',
  check(server, context) {
    const mine = launchKey(server);
    const others = context.servers.filter(
      (other) =>
        other.id !== server.id &&
        other.client === server.client &&
        other.name === server.name &&
        (other.configPath !== server.configPath || other.projectKey !== server.projectKey) &&
        launchKey(other) !== mine,
    );
    if (others.length === 0) return [];
    const files = [...new Set(others.map(fileOf))];
    const first = others[0]!;
    const finding: Finding = serverFinding(
      conflictingDefinition,
      server,
      `"${server.name}" is also defined in ${files.join(', ')} (${first.scope}) to run ${launchSummary(first)}; only one of them is used, check which`,
      {
        range: server.nameRange,
        data: { kind: 'conflicting-definition', otherIds: others.map((o) => o.id), otherFiles: files },
      },
    );
    return [finding];
  },
};
