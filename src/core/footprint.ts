/**
 * What a queued message really holds in memory, so that `max_queued_bytes` bounds memory and not only the
 * bytes of the frames (a queue flood of small messages used to cost ten times its "queued bytes").
 *
 * Measured on Node 20 / V8 11 (64-bit, pointer compression off), per queued message:
 *   - the text: a one-byte string takes 1 byte per character, a two-byte string (any character above
 *     U+00FF) 2 bytes per UTF-16 unit, plus headers; the relay text is a cons of a slice of the frame's
 *     decoded text and the sender's `src` suffix (three string headers, ~80 B);
 *   - its five slots in its queue's array (40 B, up to ×1.7 while the array grows; no object per message,
 *     queue.ts). The relay text is flattened when its UTF-8 length is taken, so the cons and slice
 *     headers die young; the constant still covers them.
 * Per destination id with a queue: the map entry, the queue object, its array and its per-sender map (~500 B with the first sender's entry),
 * charged to the message that creates the queue.
 * The constants round these up; test/unit/core/footprint.test.ts checks them against the heap.
 */

/** Bytes one queued message holds besides its text's characters. */
export const MESSAGE_OVERHEAD = 192;

/** Bytes one destination's queue holds besides its messages (charged once, to the message that creates it). */
export const QUEUE_OVERHEAD = 512;

/**
 * The memory one queued message is counted for against `max_queued_bytes`.
 * @param text the relay text as queued
 * @param utf8Bytes its length in UTF-8 (`Buffer.byteLength(text)`): equal to `text.length` only for ASCII
 * @param newQueue true when this message creates its destination's queue
 */
export function queuedFootprint(text: string, utf8Bytes: number, newQueue: boolean): number {
  // Pure ASCII: a one-byte string. Otherwise V8 may hold it as a two-byte string: 2 bytes per unit.
  const chars = utf8Bytes === text.length ? text.length : Math.max(utf8Bytes, text.length * 2);
  return chars + MESSAGE_OVERHEAD + (newQueue ? QUEUE_OVERHEAD : 0);
}
