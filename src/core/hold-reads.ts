/**
 * Pausing a socket without the read it would still make.
 *
 * `socket.pause()` only stops 'data' events: Node keeps reading until its buffer reaches the high-water
 * mark, so a paused socket still takes one more read (up to 64 KiB) from the kernel and keeps it in its
 * buffer for as long as the pause lasts. A pause of a few event-loop turns is enough for that read to be
 * promoted to V8's old generation, and then it stays allocated until the next full GC even once handled:
 * a queue flood of ten sockets paused once per read kept ~8 MiB of such reads. `holdReads` also stops
 * the handle reading (as Node does itself for sockets with an `onread` buffer), so the bytes wait in the
 * kernel, where TCP back-pressure applies anyway; `releaseReads` starts it again.
 */
import type { Duplex } from 'node:stream';

/** The part of a net/tls socket's native handle used here (Node's stream handles have both calls). */
interface ReadingHandle {
  reading: boolean;
  readStop(): number;
  readStart(): number;
}

function handleOf(wire: Duplex): ReadingHandle | null {
  const handle = (wire as Duplex & { _handle?: Partial<ReadingHandle> | null })._handle;
  return handle && typeof handle.readStop === 'function' && typeof handle.readStart === 'function' ? (handle as ReadingHandle) : null;
}

/** Stops `wire`'s native reads (after `pause()`); a no-op for a socket without such a handle. */
export function holdReads(wire: Duplex): void {
  const handle = handleOf(wire);
  if (handle === null || !handle.reading || wire.destroyed) return;
  handle.reading = false;
  handle.readStop();
}

/** Starts `wire`'s native reads again (before `resume()`), if `holdReads` stopped them. */
export function releaseReads(wire: Duplex): void {
  const handle = handleOf(wire);
  if (handle === null || handle.reading || wire.destroyed) return;
  handle.reading = true;
  handle.readStart();
}
