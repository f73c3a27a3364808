/**
 * Connection storms: upgrades are handled in bounded batches per event-loop turn, so that clients already
 * connected keep being served while thousands of sockets upgrade at once.
 *
 * An upgrade (handshake, engine admission, OPEN or refusal) costs the server far more than relaying a frame.
 * Upgrades of a turn are handled at once until the turn has spent `UPGRADE_MS_PER_TURN` ms on them or
 * handled `UPGRADES_PER_TURN`; later ones wait, their sockets paused, in arrival order, and are handled
 * under the same budget per turn (`setImmediate`), between which the event loop polls every other socket.
 * The budget is in time, not only in count, because what one upgrade costs varies tenfold (a refusal
 * writes and closes, a cold process or a busy machine is slower): a loaded machine then handles fewer per
 * turn instead of stalling everyone longer. A waiting socket that closes is skipped.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Turns } from './budget.js';
import { onceNextIteration } from './next-iteration.js';

/** Upgrades handled per event-loop turn at most. */
export const UPGRADES_PER_TURN = 32;

/**
 * Main-thread time per event-loop turn spent on upgrades, after which the rest wait for the next turn.
 * @default 4
 */
export const UPGRADE_MS_PER_TURN = 4;

export type UpgradeFn = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

interface Waiting {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
}

export class UpgradeBatcher {
  private waiting: Waiting[] = [];
  private head = 0;
  private turn = -1;
  private handledThisTurn = 0;
  private msThisTurn = 0;
  private closed = false;

  constructor(
    private readonly handle: UpgradeFn,
    private readonly turns: Turns = new Turns(),
  ) {}

  /** Upgrades waiting for their turn. */
  get pending(): number {
    return this.waiting.length - this.head;
  }

  /** An upgrade request: handled now if this turn has room and nothing waits, else queued. */
  push(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    if (this.pending === 0 && this.take()) {
      this.timed(req, socket, head);
      return;
    }
    socket.pause(); // nothing reads it until its turn (ws attaches its reader when it upgrades)
    this.waiting.push({ req, socket, head });
    this.schedule();
  }

  /** Destroys every waiting socket; later upgrades are destroyed at once. */
  close(): void {
    this.closed = true;
    for (let i = this.head; i < this.waiting.length; i++) this.waiting[i]!.socket.destroy();
    this.waiting = [];
    this.head = 0;
  }

  /** Counts one upgrade against this turn's share; false when the share (count or time) is used up. */
  private take(): boolean {
    const turn = this.turns.current();
    if (turn !== this.turn) {
      this.turn = turn;
      this.handledThisTurn = 0;
      this.msThisTurn = 0;
    }
    if (this.handledThisTurn >= UPGRADES_PER_TURN || this.msThisTurn >= UPGRADE_MS_PER_TURN) return false;
    this.handledThisTurn += 1;
    return true;
  }

  /** Handles one upgrade, charging its time to this turn. */
  private timed(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const t0 = performance.now();
    try {
      this.handle(req, socket, head);
    } finally {
      this.msThisTurn += performance.now() - t0;
    }
  }

  private readonly schedule = onceNextIteration((): void => {
    while (this.head < this.waiting.length && this.take()) {
      const w = this.waiting[this.head]!;
      this.waiting[this.head] = undefined as unknown as Waiting; // let it go
      this.head += 1;
      if (w.socket.destroyed) continue;
      w.socket.resume();
      this.timed(w.req, w.socket, w.head);
    }
    if (this.head < this.waiting.length) {
      this.schedule();
      return;
    }
    this.waiting = [];
    this.head = 0;
  });
}
