/** Row recycling of the virtualised lists: which DOM row (slot) shows which item. */
import { describe, expect, it } from 'vitest';
import { assignSlots, bySlot } from '../../../src/renderer/lib/row-slots.js';

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `p${from + i}`);

describe('row slots', () => {
  it('keeps the slot of every item still rendered; items scrolled in take the slots of those scrolled out', () => {
    const first = assignSlots(new Map(), ids(0, 40));
    expect([...first.values()]).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // A 600 px wheel step: 20 rows leave at the top, 20 enter at the bottom.
    const next = assignSlots(first, ids(20, 60));
    for (const id of ids(20, 40)) expect(next.get(id)).toBe(first.get(id));
    expect(ids(40, 60).map((id) => next.get(id)).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Never more slots than rows, never two rows in one slot.
    expect(new Set(next.values()).size).toBe(40);
    expect(Math.max(...next.values())).toBe(39);
  });

  it('grows and shrinks with the number of rows, and a key listed twice gets one slot', () => {
    const a = assignSlots(new Map(), ['x', 'y']);
    const b = assignSlots(a, ['y', 'z', 'w', 'y']);
    expect(b.get('y')).toBe(1);
    expect(new Set([b.get('z'), b.get('w')])).toEqual(new Set([0, 2]));
    expect(b.size).toBe(3);
    expect(assignSlots(b, []).size).toBe(0);
  });

  it('lists the items in slot order, so React never moves a row element', () => {
    const slots = assignSlots(assignSlots(new Map(), ['a', 'b', 'c']), ['b', 'c', 'd']);
    expect(bySlot(['b', 'c', 'd'], (k) => k, slots).map((s) => s.item)).toEqual(['d', 'b', 'c']);
  });
});
