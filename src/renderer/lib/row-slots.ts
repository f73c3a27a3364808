/**
 * Row recycling for the virtualised lists (Peers, traffic): which DOM row ("slot") shows which item.
 *
 * An item keeps its slot while it stays rendered, and items that enter (scrolled in, or new traffic at the
 * bottom) take the slots of the items that left. Rendered with the slot as React key, in slot order, a
 * scroll or a burst updates the text and attributes of existing elements instead of creating a whole row
 * for each item that enters and removing another: in Chromium traces that creation (style, layout objects,
 * paint) was most of a scrolled frame, about 1.5 ms per Peers row. The rows are never moved in the DOM;
 * each says where it is (its offset, aria-rowindex / aria-activedescendant).
 */
import { useRef } from 'react';

/** The slots of `keys` given the previous assignment: kept keys keep theirs, new keys take the lowest free ones. */
export function assignSlots<K>(before: ReadonlyMap<K, number>, keys: readonly K[]): Map<K, number> {
  const next = new Map<K, number>();
  const taken = new Set<number>();
  for (const key of keys) {
    const slot = before.get(key);
    if (slot !== undefined && !next.has(key)) {
      next.set(key, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const key of keys) {
    if (next.has(key)) continue;
    while (taken.has(free)) free++;
    next.set(key, free);
    taken.add(free);
  }
  return next;
}

/** `assignSlots` across renders: the slot of each key rendered now. */
export function useRowSlots<K>(keys: readonly K[]): Map<K, number> {
  const slots = useRef(new Map<K, number>());
  slots.current = assignSlots(slots.current, keys);
  return slots.current;
}

/** The items in slot order (the order their rows are rendered in), each with its slot. */
export function bySlot<T, K>(items: readonly T[], keyOf: (item: T) => K, slots: ReadonlyMap<K, number>): { item: T; slot: number }[] {
  return items.map((item) => ({ item, slot: slots.get(keyOf(item)) ?? -1 })).sort((a, b) => a.slot - b.slot);
}
