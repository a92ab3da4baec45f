// What the proxies' detectors currently say about each server's definitions: per server and list
// method, the findings of the latest list response seen (from the hub or the audit log). A newer
// list replaces the older one's findings, so a server that stops offering a poisoned tool stops
// being reported. Pure: the extension turns these into Problems.
import type { MessageEvent } from '../proxy/events.js';
import { findingsFromNotes, type NoteFinding } from './detect-notes.js';

const LIST_METHODS = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list']);

export interface ListFindings {
  serverId: string;
  method: string;
  sessionId: string;
  seq: number;
  time: number;
  findings: NoteFinding[];
}

export class DefinitionFindings {
  private readonly lists = new Map<string, ListFindings>();

  /** Takes one message event; true when the findings of some server changed. */
  add(message: MessageEvent): boolean {
    if (message.direction !== 'server-to-client' || message.kind !== 'response' || !message.method || !LIST_METHODS.has(message.method)) return false;
    const findings = findingsFromNotes(message.notes).filter((f) => f.scope === 'definitions');
    const key = `${message.serverId}\u0000${message.method}`;
    const previous = this.lists.get(key);
    // The audit log may deliver an older list after a newer live one: the newer stands.
    if (previous && (previous.time > message.time || (previous.sessionId === message.sessionId && previous.seq >= message.seq))) return false;
    if (!previous && findings.length === 0) return false;
    this.lists.set(key, { serverId: message.serverId, method: message.method, sessionId: message.sessionId, seq: message.seq, time: message.time, findings });
    return previous === undefined || previous.findings.length > 0 || findings.length > 0;
  }

  /** Every list response that still carries findings. */
  current(): ListFindings[] {
    return [...this.lists.values()].filter((entry) => entry.findings.length > 0);
  }
}
