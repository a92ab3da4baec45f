import type { ServerEntry } from '../model.js';
import type { ServerMatch } from './org-policy.js';
import { commandBasename, packageOf } from './package-ref.js';
import { wildcardMatch } from './wildcard.js';

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** True when every field the match names agrees with the server. */
export function serverMatches(server: ServerEntry, match: ServerMatch): boolean {
  if (match.name !== undefined && !wildcardMatch(match.name, server.name)) return false;
  if (match.command !== undefined) {
    if (server.transport !== 'stdio' || !server.command) return false;
    if (!wildcardMatch(match.command, commandBasename(server.command.value))) return false;
  }
  if (match.package !== undefined || match.version !== undefined) {
    const reference = packageOf(server);
    if (!reference) return false;
    if (match.package !== undefined && !wildcardMatch(match.package, reference.name)) return false;
    if (match.version !== undefined && reference.version !== match.version) return false;
  }
  if (match.urlHost !== undefined || match.url !== undefined) {
    const url = server.url?.value;
    if (server.transport === 'stdio' || !url) return false;
    if (match.url !== undefined && !wildcardMatch(match.url, url)) return false;
    if (match.urlHost !== undefined) {
      const host = hostOf(url);
      if (!host || !wildcardMatch(match.urlHost, host)) return false;
    }
  }
  return true;
}
