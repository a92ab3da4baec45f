import { itemId, type PinKind, type PinnedItem } from './pinned-items.js';

export interface PinComparison {
  unchanged: PinnedItem[];
  /** Present in both with a different hash: the pinned and the current definition. */
  changed: { pinned: PinnedItem; current: PinnedItem }[];
  added: PinnedItem[];
  removed: PinnedItem[];
}

/**
 * Compares the current items of one kind with the pinned ones. A rename shows as one removed and
 * one added item, never as a silent pass, because items are matched by name.
 */
export function comparePins(kind: PinKind, pinned: readonly PinnedItem[], current: readonly PinnedItem[]): PinComparison {
  const before = new Map(pinned.filter((item) => item.kind === kind).map((item) => [itemId(item), item]));
  const result: PinComparison = { unchanged: [], changed: [], added: [], removed: [] };
  const seen = new Set<string>();
  for (const item of current) {
    const id = itemId(item);
    seen.add(id);
    const old = before.get(id);
    if (!old) result.added.push(item);
    else if (old.hash === item.hash) result.unchanged.push(item);
    else result.changed.push({ pinned: old, current: item });
  }
  for (const [id, item] of before) if (!seen.has(id)) result.removed.push(item);
  return result;
}
