import type { ClientId, Scope } from '../model.js';

/** Stable identity of a configured server: client, scope, file (and project) and name. */
export function serverId(parts: { client: ClientId; scope: Scope; configPath: string; projectKey?: string; name: string }): string {
  const file = parts.projectKey ? `${parts.configPath}#${parts.projectKey}` : parts.configPath;
  return `${parts.client}:${parts.scope}:${file}:${parts.name}`;
}
