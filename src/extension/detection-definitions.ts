// The definitions a list message's findings point into. Events carry summaries, never bodies, but
// the proxy's pin file for the server keeps every definition it was offered (pinned, or pending
// review when it changed), so the Inspector can show the flagged text itself with its span.
import { listPinFiles, type PinFile } from '../core/pins/pin-store.js';
import type { FlaggedDefinition } from '../core/webview-messages.js';

type PinKind = PinFile['items'][number]['kind'];

const KIND_OF_LIST: Record<string, PinKind> = { tools: 'tool', prompts: 'prompt', resources: 'resource', resourceTemplates: 'resourceTemplate' };

function named(definition: unknown, key: string, name: string): boolean {
  if (key === name) return true;
  return typeof definition === 'object' && definition !== null && (definition as { name?: unknown }).name === name;
}

/** For each requested list item, what the server last offered under that name; items no pin file knows are left out. */
export async function flaggedDefinitions(stateDir: string, serverId: string, requests: ReadonlyArray<{ where: string; name: string }>): Promise<FlaggedDefinition[]> {
  const files = await listPinFiles(stateDir);
  const pins = files.flatMap((entry) => (entry.load.state === 'pinned' && (entry.load.pins.serverIds ?? []).includes(serverId) ? [entry.load.pins] : []));
  const out: FlaggedDefinition[] = [];
  for (const request of requests) {
    const kind = KIND_OF_LIST[/^[A-Za-z]+/.exec(request.where)?.[0] ?? ''];
    if (!kind) continue;
    // What the server offers now: a pending (changed or added) definition before the pinned one.
    const found =
      pins.flatMap((file) => file.pending ?? []).find((p) => p.kind === kind && p.change !== 'removed' && named(p.definition, p.key, request.name)) ??
      pins.flatMap((file) => file.items).find((item) => item.kind === kind && named(item.definition, item.key, request.name));
    if (found) out.push({ where: request.where, name: request.name, definition: found.definition });
  }
  return out;
}
