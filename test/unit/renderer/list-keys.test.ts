/** The keys of the one-tab-stop lists and grids (Peers, traffic, Problems): where each key leads. */
import { describe, expect, it } from 'vitest';
import { movedIndex, pageRows } from '../../../src/renderer/lib/list-keys.js';

describe('list keys', () => {
  it('moves by one, by a page, to the ends, and stays inside the list', () => {
    expect(movedIndex('ArrowDown', 3, 10, 4)).toBe(4);
    expect(movedIndex('ArrowUp', 3, 10, 4)).toBe(2);
    expect(movedIndex('ArrowUp', 0, 10, 4)).toBe(0);
    expect(movedIndex('ArrowDown', 9, 10, 4)).toBe(9);
    expect(movedIndex('PageDown', 3, 10, 4)).toBe(7);
    expect(movedIndex('PageDown', 8, 10, 4)).toBe(9);
    expect(movedIndex('PageUp', 3, 10, 4)).toBe(0);
    expect(movedIndex('Home', 5, 10, 4)).toBe(0);
    expect(movedIndex('End', 5, 10, 4)).toBe(9);
  });

  it('ignores other keys and empty lists; with no active row, an arrow goes where the list says', () => {
    expect(movedIndex('Enter', 3, 10, 4)).toBeNull();
    expect(movedIndex('a', 3, 10, 4)).toBeNull();
    expect(movedIndex('ArrowDown', -1, 0, 4)).toBeNull();
    expect(movedIndex('ArrowDown', -1, 10, 4)).toBe(0);
    // The traffic list starts from the newest row.
    expect(movedIndex('ArrowUp', -1, 10, 4, 9)).toBe(9);
    expect(movedIndex('Home', -1, 10, 4, 9)).toBe(0);
  });

  it('counts a page as the rows that fit, less one of overlap', () => {
    expect(pageRows(300, 30)).toBe(9);
    expect(pageRows(20, 30)).toBe(1);
    expect(pageRows(undefined, 30)).toBe(7);
  });
});
