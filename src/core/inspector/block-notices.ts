// Which proxy blocks deserve a notification, and the text of one notification per server: the
// detectors withheld a definition, blocked a result or refused a call. Several blocks of one
// server inside the coalescing window become one notice. Pure; the extension shows them.
import type { MessageEvent } from '../proxy/events.js';
import { findingsFromNotes, withheldCallOf } from './detect-notes.js';

export interface Block {
  serverId: string;
  sessionId: string;
  seq: number;
  /** `tool \`x\``, `prompt \`y\``, `the result of tool \`z\``. */
  what: string;
  rules: string[];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The blocks one message event reports (none for most messages). */
export function blocksOf(message: MessageEvent): Block[] {
  const base = { serverId: message.serverId, sessionId: message.sessionId, seq: message.seq };
  const withheld = withheldCallOf(message.notes);
  if (withheld !== undefined) return [{ ...base, what: `a call of withheld tool \`${withheld}\``, rules: [] }];
  const blocked = findingsFromNotes(message.notes).filter((f) => f.action === 'block');
  const byItem = new Map<string, string[]>();
  for (const f of blocked) {
    const name = f.item ? `${f.item.kind ?? 'item'} \`${f.item.name}\`` : (message.subject ?? message.method ?? 'a message');
    const what = f.scope === 'definitions' ? name : f.scope === 'responses' ? `the result of ${name}` : `a call of ${name}`;
    byItem.set(what, [...(byItem.get(what) ?? []), f.rule]);
  }
  return [...byItem].map(([what, rules]) => ({ ...base, what, rules: unique(rules) }));
}

/** "Warden blocked tool `x` of server `y`: rule" for one block; a count and the first few for more. */
export function noticeText(serverName: string, blocks: readonly Block[]): string {
  const first = blocks[0]!;
  if (blocks.length === 1) return `Warden blocked ${first.what} of server \`${serverName}\`${first.rules.length ? `: ${first.rules.join(', ')}` : ''}`;
  const shown = blocks.slice(0, 3).map((block) => `${block.what}${block.rules.length ? ` (${block.rules.join(', ')})` : ''}`);
  return `Warden blocked ${blocks.length} items of server \`${serverName}\`: ${shown.join('; ')}${blocks.length > 3 ? '; …' : ''}`;
}
