/**
 * The keys of every one-tab-stop list and grid of the dashboard (the focus stays on the container,
 * `aria-activedescendant` names the active row): which row a key leads to. Pure.
 */

/** Row steps per key; PageUp/PageDown move by `page` rows. */
function stepOf(key: string, page: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return 1;
    case 'ArrowUp':
      return -1;
    case 'PageDown':
      return page;
    case 'PageUp':
      return -page;
    case 'Home':
      return -Infinity;
    case 'End':
      return Infinity;
    default:
      return undefined;
  }
}

/**
 * The row index `key` moves to from `current` among `count` rows, or null when the key does not move
 * (or there is no row). With no active row (`current` < 0) an arrow or page key goes to `whenNone`.
 */
export function movedIndex(key: string, current: number, count: number, page: number, whenNone = 0): number | null {
  const step = stepOf(key, Math.max(1, page));
  if (step === undefined || count <= 0) return null;
  const next = current < 0 && Number.isFinite(step) ? whenNone : Math.max(current, 0) + step;
  return Math.max(0, Math.min(count - 1, next));
}

/** Rows per page in a scroller of `height` px with rows of `rowHeight` px (one row of overlap). */
export function pageRows(height: number | undefined, rowHeight: number): number {
  return Math.max(1, Math.floor((height ?? rowHeight * 8) / rowHeight) - 1);
}
