import type { Finding, ServerEntry } from '../../model.js';
import type { LintRule } from '../rule.js';
import { serverFinding } from '../finding.js';
import { conflictingDefinitions } from '../../policy/conflicts.js';
import { describeLaunch, launchOf } from '../../policy/launch.js';

function launchSummary(server: ServerEntry): string {
  const line = describeLaunch(launchOf(server));
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
    const otherIds = new Set(conflictingDefinitions(context.servers.filter((other) => other.name === server.name)).get(server.id));
    const others = context.servers.filter((other) => otherIds.has(other.id));
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
