/**
 * Coalesces the frames written to one socket within a tick into one write (one `writev` syscall):
 * the first frame for a socket in a tick corks it, and every socket corked this way is uncorked on
 * the next tick. Frames relayed from one incoming TCP chunk (ws parses them synchronously) to the
 * same destination then leave together instead of one syscall each.
 */
import type { Duplex } from 'node:stream';

export class WriteCoalescer {
  private readonly held: Duplex[] = [];
  private scheduled = false;

  /**
   * @param later when the held sockets are uncorked: the next tick by default; frames from another
   * instance (a batch from Redis fans out to many sockets, a few frames each) are held to the end of the
   * event-loop iteration (`setImmediate`), so that the batches of one iteration leave in one write per socket.
   */
  constructor(private readonly later: (fn: () => void) => void = process.nextTick) {}

  private readonly flush = (): void => {
    this.scheduled = false;
    const held = this.held;
    for (let i = 0; i < held.length; i += 1) held[i]!.uncork();
    held.length = 0;
  };

  /** Corks `socket` until the next tick (or `later`), unless it is corked already. */
  hold(socket: Duplex): void {
    if (socket.writableCorked > 0 || socket.destroyed) return;
    socket.cork();
    this.held.push(socket);
    if (!this.scheduled) {
      this.scheduled = true;
      this.later(this.flush);
    }
  }
}
