import type { ServerEntry } from '../model.js';
import { launchFingerprint, launchOf } from './launch.js';

/**
 * For each server, the ids of the other definitions one client reads under the same name from
 * another file with a different launch: the client silently uses one of them, so a workspace can
 * take over a trusted name. Different clients may name different servers alike without conflict.
 */
export function conflictingDefinitions(servers: readonly ServerEntry[]): Map<string, string[]> {
  const groups = new Map<string, ServerEntry[]>();
  for (const server of servers) {
    const key = `${server.client}\u0000${server.name}`;
    groups.set(key, [...(groups.get(key) ?? []), server]);
  }
  const conflicts = new Map<string, string[]>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const fingerprints = group.map((server) => launchFingerprint(launchOf(server)));
    group.forEach((server, index) => {
      const others = group
        .filter((other, otherIndex) => fingerprints[otherIndex] !== fingerprints[index] && (other.configPath !== server.configPath || other.projectKey !== server.projectKey))
        .map((other) => other.id);
      if (others.length > 0) conflicts.set(server.id, others);
    });
  }
  return conflicts;
}
