import { createHash } from 'node:crypto';
import type { ServerEntry } from '../model.js';

/** What a server runs, independent of where it is configured: the identity approvals bind to. */
export type Launch =
  | { transport: 'stdio'; command: string; args: string[] }
  | { transport: 'http' | 'sse'; url: string };

export function launchOf(server: ServerEntry): Launch {
  if (server.transport === 'stdio') {
    return { transport: 'stdio', command: server.command?.value ?? '', args: server.args.map((arg) => arg.value) };
  }
  return { transport: server.transport, url: server.url?.value ?? '' };
}

/** A readable one-line form, for the tree, reports and messages. */
export function describeLaunch(launch: Launch): string {
  if (launch.transport === 'stdio') return [launch.command, ...launch.args].map(quoteIfNeeded).join(' ');
  return launch.url;
}

function quoteIfNeeded(word: string): string {
  return /^[\w@%+=:,./~-]+$/.test(word) ? word : JSON.stringify(word);
}

/** Env and headers are left out on purpose: they hold secrets and per-machine values, not identity. */
export function launchFingerprint(launch: Launch): string {
  const canonical = launch.transport === 'stdio' ? ['stdio', launch.command, ...launch.args] : [launch.transport, launch.url];
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical)).digest('hex')}`;
}

export function sameLaunch(a: ServerEntry, b: ServerEntry): boolean {
  return launchFingerprint(launchOf(a)) === launchFingerprint(launchOf(b));
}
