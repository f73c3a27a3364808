/**
 * What a socket closed for a policy breach (flooding, invalid frames) still costs: nothing it sent after
 * the close is parsed.
 *
 * `ws` parses each read of a socket (up to 64 KiB) in one synchronous burst and emits every frame in it.
 * For a flooder of tiny frames one read is some 4,000 frames. The gate in front of the engine (budget.ts)
 * drops whatever arrives once it is closed, but ws would still unmask, UTF-8-check and emit all of them,
 * and the first time it does so V8 also compiles its parser's paths for tiny frames on the other threads:
 * measured on the invalid-frame flood (bench/attack.mjs), 22–29 ms of main-thread CPU and 30–40 ms on the
 * compiler threads in the read that carried the 51st invalid frame, all while honest clients wait.
 *
 * - `feedInSlices` hands each read to ws's parser in slices of at most `FEED_SLICE_BYTES` and stops as
 *   soon as the gate is closed: the rest of that read, and every later one, is dropped unparsed.
 * - `cutUnread`, when the grace period after the close is over, drops what the socket buffered
 *   meanwhile before terminating it (ws's own close handling would parse all of it).
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * Bytes of one read handed to ws's parser at a time (a read of up to this size, the usual case for
 * signaling traffic, is handed over as it is).
 * @default 4096
 */
export const FEED_SLICE_BYTES = 4096;

type Reader = (this: Duplex, chunk: Buffer) => void;

/**
 * Puts a check between `wire`'s reads and the parser of the WebSocket upgraded on it (its only 'data'
 * listener): once `stopped()` is true, nothing more is parsed. Leaves the socket as it is when it does not
 * have exactly one 'data' listener.
 */
export function feedInSlices(wire: Duplex, stopped: () => boolean): void {
  const readers = wire.listeners('data') as Reader[];
  if (readers.length !== 1) return;
  const parse = readers[0] as Reader;
  const feed = (chunk: Buffer): void => {
    if (stopped()) return;
    if (chunk.length <= FEED_SLICE_BYTES) {
      parse.call(wire, chunk);
      return;
    }
    const last = chunk.length - FEED_SLICE_BYTES;
    for (let at = 0; at < chunk.length; at += FEED_SLICE_BYTES) {
      // The last slice goes as a copy: ws keeps the unfinished frame at the end of a read as a view of it,
      // and that view would keep the whole read (up to 64 KiB) allocated while the socket waits.
      parse.call(wire, at < last ? chunk.subarray(at, at + FEED_SLICE_BYTES) : ownCopy(chunk, at));
      if (stopped()) return;
    }
  };
  // When the socket closes, ws removes its reader by reference, then reads what is still buffered and
  // parses it itself: with `listener` set, removeListener(parse) removes this wrapper too (EventEmitter
  // matches `listener.listener`, as for once() wrappers), so nothing is parsed twice.
  (feed as Reader & { listener: Reader }).listener = parse;
  wire.removeListener('data', parse);
  wire.on('data', feed);
}

/**
 * Drops what `wire` buffered but the WebSocket `ws` upgraded on it has not parsed, then terminates `ws`.
 */
export function cutUnread(ws: WebSocket, wire: Duplex): void {
  wire.removeAllListeners('data'); // the parser's reader (or feedInSlices's): nothing reaches it any more
  while (!wire.destroyed && wire.read() !== null) {
    // discarded
  }
  ws.terminate();
}

/** `chunk` from `at` in a buffer of its own (not a view of `chunk`, not from the shared pool). */
function ownCopy(chunk: Buffer, at: number): Buffer {
  const copy = Buffer.allocUnsafeSlow(chunk.length - at);
  chunk.copy(copy, 0, at);
  return copy;
}
