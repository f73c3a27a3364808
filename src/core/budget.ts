/**
 * Fair share per client: a token bucket per socket for frames/s and bytes/s, and a cap on the frames one
 * socket gets handled per event-loop turn.
 *
 * Lifecycle of one socket's inflow (`Inflow`):
 *   - `flowing`: frames go straight to the engine while the socket is within its budget and has had fewer
 *     than `FRAMES_PER_TURN` frames handled this turn.
 *   - `held`: the socket is paused (`ws.pause()`: the server stops reading it, so TCP back-pressure slows
 *     the sender) and frames ws had already read wait in a backlog, in order. A socket is held when it
 *     runs over its budget (until the bucket is back to zero: a timer) or over its share of the turn
 *     (until the next turn: `setImmediate`). The backlog is bounded by what ws had read before the pause
 *     (one read chunk, at most 64 KiB plus one frame).
 *   - `flooding`: a socket that is still being throttled `flood_timeout` ms after its throttling began
 *     (throttles less than `FLOOD_GAP_MS` apart count as one) is reported with `onFlood`; the engine
 *     closes it with 1008. Then `closed`.
 * Every frame counts against the budget on arrival, valid or not.
 */
import type { WebSocket } from 'ws';
import { onceNextIteration } from './next-iteration.js';

/** Frames of one socket handled per event-loop turn before the others get their turn. */
export const FRAMES_PER_TURN = 64;

/** Frames of one socket in one turn that make the turn last to the end of the event-loop iteration (Turns). */
export const HOT_FRAMES = FRAMES_PER_TURN / 4;

/** Throttles closer together than this belong to one flooding episode. */
export const FLOOD_GAP_MS = 1000;

/** A bucket holds this many seconds of its rate (the burst a client may send at once). */
export const BURST_SECONDS = 2;

/** Shortest throttle, so a client just over its budget is not woken for a fraction of a millisecond. */
const MIN_HOLD_MS = 5;

/**
 * `rate` tokens per second, at most `burst` held; refilled lazily from the clock passed in. It may go
 * into debt (a frame is counted when it arrives, whatever its size); `level` is then negative.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes `n` tokens (possibly into debt); returns the level after. */
  take(n: number, now: number): number {
    this.refill(now);
    this.tokens -= n;
    return this.tokens;
  }

  /** Tokens held at `now` (negative: debt). */
  level(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** ms from `now` until the level is back to zero (0 when it is not in debt). */
  msUntilClear(now: number): number {
    const level = this.level(now);
    return level >= 0 ? 0 : Math.ceil((-level / this.rate) * 1000);
  }

  private refill(now: number): void {
    const elapsed = now - this.last;
    if (elapsed <= 0) return;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.rate) / 1000);
  }
}

/**
 * Event-loop turns: `current()` is a number that changes once per turn that saw traffic, and `now` the clock
 * read once at the start of that turn (Date.now() costs up to a microsecond on some VMs: not once per frame).
 *
 * A turn is one I/O callback (e.g. one read of one socket, ended by `process.nextTick`) while traffic is light:
 * no libuv check handle is left pending, so the loop still blocks in poll and gathers reads. Once a socket has
 * had `HOT_FRAMES` frames in a turn (`stretch()`), the turn lasts to the end of this event-loop iteration
 * (`setImmediate`): libuv reads a busy socket up to 32 times in one iteration, and the cap of
 * `FRAMES_PER_TURN` per socket must hold across those reads, or a flooder is never paused.
 */
export class Turns {
  /**
   * @param schedule how the end of a light turn is awaited: `setImmediate` (default: every turn is one
   *   event-loop iteration) or `process.nextTick` (one I/O callback; the engine's frame path).
   */
  constructor(private readonly schedule: (fn: () => void) => void = setImmediate) {}

  private id = 0;
  private scheduled = false;
  /** A socket filled a quarter of its share this turn: the turn ends with the iteration. */
  private hot = false;
  /** Date.now() when the current turn began (after `current()`). */
  now = 0;
  private readonly advance = (): void => {
    if (this.hot) return; // the iteration's end advances
    this.scheduled = false;
    this.id += 1;
  };
  private readonly endIteration = (): void => {
    this.hot = false;
    this.scheduled = false;
    this.id += 1;
  };

  /** A socket had `HOT_FRAMES` frames this turn: the turn lasts until the end of this event-loop iteration. */
  stretch(): void {
    if (this.hot || this.schedule === setImmediate) return;
    this.hot = true;
    setImmediate(this.endIteration);
  }

  current(): number {
    if (!this.scheduled) {
      this.scheduled = true;
      this.now = Date.now();
      this.schedule(this.advance);
    }
    return this.id;
  }

  /**
   * Date.now() at the start of the current turn (starting one if none is under way): the engine's clock for
   * per-frame bookkeeping (last sign of life, invalid-frame window), good to the length of one turn.
   */
  clock(): number {
    this.current();
    return this.now;
  }
}

export interface InflowLimits {
  /** Frames per second a socket may send on average; 0 = no limit. */
  frameRate: number;
  /** Bytes per second a socket may send on average; 0 = no limit. */
  byteRate: number;
  /** ms a socket may stay throttled before it is reported as flooding; 0 = never. */
  floodTimeout: number;
}

/**
 * Held frames are copied into a byte store: a frame from ws is a view of the socket's whole read chunk
 * (up to 64 KiB), and views that waited in the backlog across two young-generation GCs were promoted,
 * so each one kept its chunk allocated until the next full GC (a queue flood pinned megabytes of read
 * chunks that way). Stores of `STORE_BYTES` are reused between sockets; at most `STORE_POOL` spare ones
 * are kept.
 */
const STORE_BYTES = 64 * 1024;
const STORE_POOL = 16;
const spareStores: Buffer[] = [];

/** The part of a WebSocket an inflow drives (a `ws` WebSocket; a fake in unit tests). */
export type PausableSocket = Pick<WebSocket, 'pause' | 'resume'>;

/** One socket's frames on their way to the engine; see the module comment. */
export class Inflow {
  private readonly frames: TokenBucket | null;
  private readonly bytes: TokenBucket | null;
  /** The backlog: each waiting frame's length and kind; their bytes, in order, in `store` from `storeHead`. */
  private backlogLengths: number[] = [];
  private backlogBinary: boolean[] = [];
  private head = 0;
  private store: Buffer | null = null;
  private storeHead = 0;
  private storeEnd = 0;
  private turn = -1;
  private turnFrames = 0;
  private paused = false;
  private throttleTimer: NodeJS.Timeout | null = null;
  private floodSince = 0;
  private lastThrottleEnd = Number.NEGATIVE_INFINITY;
  private closed = false;
  /** Times this socket was throttled (over its budget). */
  throttles = 0;

  constructor(
    private readonly socket: PausableSocket,
    private readonly limits: InflowLimits,
    private readonly turns: Turns,
    private readonly deliver: (data: Buffer, isBinary: boolean) => void,
    private readonly onFlood: () => void,
    now = Date.now(),
  ) {
    this.frames = limits.frameRate > 0 ? new TokenBucket(limits.frameRate, limits.frameRate * BURST_SECONDS, now) : null;
    this.bytes = limits.byteRate > 0 ? new TokenBucket(limits.byteRate, limits.byteRate * BURST_SECONDS, now) : null;
  }

  /** True while the socket is paused because it went over its budget. */
  get throttled(): boolean {
    return this.throttleTimer !== null;
  }

  /** True once closed: nothing more is handed to the engine. */
  get stopped(): boolean {
    return this.closed;
  }

  /** Frames read but not yet handed to the engine. */
  get pending(): number {
    return this.backlogLengths.length - this.head;
  }

  /** A frame ws read from the socket. */
  readonly push = (data: Buffer, isBinary: boolean): void => {
    if (this.closed) return;
    const turns = this.turns;
    const turn = turns.current();
    if (turn !== this.turn) {
      this.turn = turn;
      this.turnFrames = 0;
    }
    if (this.frames !== null || this.bytes !== null) {
      const now = turns.now;
      const overFrames = this.frames !== null && this.frames.take(1, now) < 0;
      const overBytes = this.bytes !== null && this.bytes.take(data.length, now) < 0;
      if ((overFrames || overBytes) && this.throttleTimer === null) {
        this.throttle(now);
        if (this.closed) return;
      }
    }
    if (this.throttleTimer !== null || this.head < this.backlogLengths.length) return this.hold(data, isBinary);
    if (++this.turnFrames === HOT_FRAMES) turns.stretch();
    if (this.turnFrames > FRAMES_PER_TURN) {
      this.hold(data, isBinary);
      this.scheduleDrain();
      return;
    }
    this.deliver(data, isBinary);
  };

  /** Stops everything: no more deliveries, timers cleared, backlog dropped. The socket stays paused. */
  close(): void {
    this.closed = true;
    if (this.throttleTimer !== null) clearTimeout(this.throttleTimer);
    this.throttleTimer = null;
    this.backlogLengths = [];
    this.backlogBinary = [];
    this.head = 0;
    this.store = null; // not reused: a frame being handled may still be a view of it
  }

  /** Keeps a copy of the frame (see STORE_BYTES) and pauses the socket. */
  private hold(data: Buffer, isBinary: boolean): void {
    const n = data.length;
    if (this.store === null || this.storeEnd + n > this.store.length) this.makeRoom(n);
    data.copy(this.store as Buffer, this.storeEnd);
    this.storeEnd += n;
    this.backlogLengths.push(n);
    this.backlogBinary.push(isBinary);
    this.pause();
  }

  /** A store with room for `n` more bytes after the waiting ones, which move to its start. */
  private makeRoom(n: number): void {
    const old = this.store;
    const live = this.storeEnd - this.storeHead;
    if (old !== null && live + n <= old.length) {
      old.copy(old, 0, this.storeHead, this.storeEnd);
    } else {
      let size = STORE_BYTES;
      while (size < live + n) size *= 2;
      const next = (size === STORE_BYTES ? spareStores.pop() : undefined) ?? Buffer.allocUnsafeSlow(size);
      if (old !== null) {
        old.copy(next, 0, this.storeHead, this.storeEnd);
        releaseStore(old);
      }
      this.store = next;
    }
    this.storeHead = 0;
    this.storeEnd = live;
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.socket.pause();
  }

  private throttle(now: number): void {
    this.throttles += 1;
    if (now - this.lastThrottleEnd > FLOOD_GAP_MS) this.floodSince = now;
    if (this.limits.floodTimeout > 0 && now - this.floodSince >= this.limits.floodTimeout) {
      this.close();
      this.onFlood();
      return;
    }
    this.pause();
    this.throttleTimer = setTimeout(this.endThrottle, this.recheckMs(now, this.debtMs(now)));
  }

  /** The next look at a throttled socket: when its debt clears, or when its flood_timeout runs out. */
  private recheckMs(now: number, debtMs: number): number {
    const timeout = this.limits.floodTimeout;
    const untilFlood = timeout > 0 ? this.floodSince + timeout - now : Number.POSITIVE_INFINITY;
    return Math.max(MIN_HOLD_MS, Math.min(debtMs, untilFlood));
  }

  /** ms until both buckets are out of debt. */
  private debtMs(now: number): number {
    return Math.max(this.frames?.msUntilClear(now) ?? 0, this.bytes?.msUntilClear(now) ?? 0);
  }

  private readonly endThrottle = (): void => {
    const now = Date.now();
    // Frames that arrived after the throttle began (the rest of a read chunk) added debt: wait for it too.
    const more = this.debtMs(now);
    if (more > 0) {
      if (this.limits.floodTimeout > 0 && now - this.floodSince >= this.limits.floodTimeout) {
        this.close();
        this.onFlood();
        return;
      }
      this.throttleTimer = setTimeout(this.endThrottle, this.recheckMs(now, more));
      return;
    }
    this.throttleTimer = null;
    this.lastThrottleEnd = now;
    this.drain();
  };

  private readonly scheduleDrain = onceNextIteration(() => this.drain());

  /** Hands over up to FRAMES_PER_TURN waiting frames; resumes the socket once none wait. */
  private drain(): void {
    if (this.closed || this.throttleTimer !== null) return;
    const end = Math.min(this.backlogLengths.length, this.head + FRAMES_PER_TURN);
    while (this.head < end) {
      const i = this.head++;
      const from = this.storeHead;
      this.storeHead += this.backlogLengths[i]!;
      // A view of the store, handled at once (the engine keeps no frame's bytes beyond the call).
      this.deliver((this.store as Buffer).subarray(from, this.storeHead), this.backlogBinary[i]!);
      if (this.closed) return;
    }
    if (this.head < this.backlogLengths.length) {
      this.scheduleDrain();
      return;
    }
    this.backlogLengths.length = 0;
    this.backlogBinary.length = 0;
    this.head = 0;
    if (this.store !== null) releaseStore(this.store);
    this.store = null;
    this.storeHead = 0;
    this.storeEnd = 0;
    this.turnFrames = end > 0 ? FRAMES_PER_TURN : 0;
    this.turn = this.turns.current();
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }
}

/** Keeps a drained store for the next socket that needs one (only the usual size, and only a few). */
function releaseStore(store: Buffer): void {
  if (store.length === STORE_BYTES && spareStores.length < STORE_POOL) spareStores.push(store);
}
