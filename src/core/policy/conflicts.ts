import type { ServerEntry } from '../model.js';
import { launchFingerprint, launchOf } from './launch.js';

/** For each server, the ids of servers with the same name but a different launch elsewhere. */
export function conflictingDefinitions(servers: readonly ServerEntry[]): Map<string, string[]> {
  const byName = new Map<string, ServerEntry[]>();
  for (const server of servers) {
    const group = byName.get(server.name) ?? [];
    group.push(server);
    byName.set(server.name, group);
  }
  const conflicts = new Map<string, string[]>();
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    const fingerprints = group.map((server) => launchFingerprint(launchOf(server)));
    group.forEach((server, index) => {
      const others = group.filter((_, other) => fingerprints[other] !== fingerprints[index]).map((other) => other.id);
      if (others.length > 0) conflicts.set(server.id, others);
    });
  }
  return conflicts;
}
