/**
 * Nesting depth of parsed JSON, measured with recursion bounded by the limit. A PeerJS frame is shallow (the deepest part is
 * `payload.sdp` or an app's `metadata`), so a frame nested deeper than MAX_FRAME_DEPTH is dropped as invalid
 * before anything could walk it recursively: `JSON.stringify` of a client's payload (a frame that carries
 * its own `src` is rebuilt) overflows the stack at a few thousand levels.
 */

/**
 * Deepest nesting of objects and arrays a client frame may have; the frame itself is level 1.
 * A PeerJS OFFER is 3 deep (`{payload: {sdp: {…}}}`); 64 leaves an app's `metadata` 60 levels.
 * @default 64
 */
export const MAX_FRAME_DEPTH = 64;

/**
 * True when `value` nests objects or arrays more than `max` levels deep (a top-level object is level 1).
 * Recursive, but never deeper than `max + 1` calls whatever the value (it returns as soon as it is one level
 * too deep), so it cannot overflow the stack; it stops at the first container found too deep.
 */
export function exceedsDepth(value: unknown, max: number): boolean {
  return value !== null && typeof value === 'object' && deeper(value, 1, max);
}

function deeper(node: object, depth: number, max: number): boolean {
  if (depth > max) return true;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i += 1) {
      const child: unknown = node[i];
      if (child !== null && typeof child === 'object' && deeper(child, depth + 1, max)) return true;
    }
    return false;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    if (child !== null && typeof child === 'object' && deeper(child, depth + 1, max)) return true;
  }
  return false;
}
