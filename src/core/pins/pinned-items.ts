import { canonicalHash } from './canonical.js';

/** The kinds of definitions a server offers that Warden pins. */
export type PinKind = 'tool' | 'prompt' | 'resource' | 'resourceTemplate' | 'instructions';

export interface PinnedItem {
  kind: PinKind;
  /** The name (tools, prompts), URI (resources) or URI template (templates) that identifies it. */
  key: string;
  hash: string;
  /** The whole definition as the server sent it, for review diffs. */
  definition: unknown;
}

const KEY_FIELD: Record<Exclude<PinKind, 'instructions'>, string> = {
  tool: 'name',
  prompt: 'name',
  resource: 'uri',
  resourceTemplate: 'uriTemplate',
};

/** Pins every item of one list result (tools/list, prompts/list, …); items without a key are pinned by position. */
export function pinItems(kind: Exclude<PinKind, 'instructions'>, items: readonly unknown[]): PinnedItem[] {
  return items.map((definition, index) => {
    const rawKey = (definition as Record<string, unknown> | null)?.[KEY_FIELD[kind]];
    const key = typeof rawKey === 'string' ? rawKey : `#${index}`;
    return { kind, key, hash: canonicalHash(definition), definition };
  });
}

export function pinInstructions(instructions: string): PinnedItem {
  return { kind: 'instructions', key: 'instructions', hash: canonicalHash(instructions), definition: instructions };
}

export function itemId(item: Pick<PinnedItem, 'kind' | 'key'>): string {
  return `${item.kind}:${item.key}`;
}
