/** Binary searches over rows sorted by `n`. Pure. */

/** Index of the first row whose n is greater than `n` (rows sorted by n ascending). */
export function upperBound(rows: readonly { n: number }[], n: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid]?.n ?? Infinity) <= n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The row with exactly this n, or null. */
export function findByN<T extends { n: number }>(rows: readonly T[], n: number): T | null {
  const i = upperBound(rows, n) - 1;
  const row = rows[i];
  return row && row.n === n ? row : null;
}
