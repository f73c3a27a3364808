/**
 * The directory/bus seam between the signaling engine and where ids live.
 *
 * The engine keeps its own registered clients in a `Realm` and relays between them directly (the local
 * fast path, no seam involved). Everything else goes through two interfaces:
 * - a `Directory`: who holds which id (with its token, and on which instance), claimed atomically with
 *   takeover by token; fresh ids and the list of ids for the HTTP routes;
 * - a `Bus`: a frame for an id no client of this instance holds (delivered to the instance holding it,
 *   queued with expiry when nobody does, or dropped), the queue taken when an id is claimed here, and
 *   the expiry sweep.
 * The default implementations (`LocalDirectory`, `LocalBus`) are today's in-memory single-instance
 * behaviour. A multi-instance implementation (src/core/cluster) answers some calls asynchronously and
 * calls back into the engine through `SeamHost` (frames from other instances, takeovers, expiries).
 */
import type { DropReason, MessageTypeName } from './events.js';
import { queuedFootprint } from './footprint.js';
import { isQueueable, type ClientMessageType } from './protocol.js';
import type { ExpiredPair, MessageQueues, QueuedMessage } from './queue.js';
import type { Client, Realm } from './realm.js';

/** A claim of an id that no client of this instance holds. */
export type ClaimVerdict =
  /** Granted: `generation` orders claims of the id (a higher one replaced a lower one); `queued`: frames
   * waiting for the id elsewhere (delivered before anything else, oldest first). */
  | { ok: true; generation: number; queued: readonly QueuedFrame[] }
  /** Refused: another token holds the id. */
  | { ok: false; reason: 'id-taken' };

/** A frame ready for its destination (`src` already set in `text`). */
export interface QueuedFrame {
  src: string;
  type: MessageTypeName;
  text: string;
}

export interface Directory {
  /** Claims `id` with `token` for a client about to register here. Synchronous when it can be. */
  claim(id: string, token: string): ClaimVerdict | Promise<ClaimVerdict>;
  /** The client registered here under `id` by claim `generation` left (closed, kicked, timed out, too slow). */
  release(id: string, generation: number): void;
  /** A fresh id nobody holds (GET /<key>/id). */
  freshId(generate: () => string): string | Promise<string>;
  /** Every id held (GET /<key>/peers). */
  ids(): string[] | Promise<string[]>;
}

/** What became of a frame handed to the bus. */
export type RouteResult =
  /** `superseded`: the type of the same sender's oldest message to `dst`, dropped to make room (its share was full). */
  | { kind: 'queued'; depth: number; superseded: MessageTypeName | null }
  | { kind: 'dropped'; reason: Extract<DropReason, 'queue-full' | 'queue-bytes' | 'no-destination'> };

export interface Bus {
  /**
   * A frame from `src` for `dst`, which no client of this instance holds. `text` builds the relayed text
   * (called only when it is needed); `bytes`, when given, builds its UTF-8 bytes more cheaply than encoding
   * that text (a bus that sends frames elsewhere uses it). Returns the outcome, or null when the frame went
   * to another instance or its outcome will be reported later through `SeamHost.routed`.
   */
  route(src: string, dst: string, type: ClientMessageType, text: () => string, now: number, bytes?: () => Buffer): RouteResult | null;
  /** Takes the frames queued here for `dst` (now registered here), oldest first. */
  take(dst: string): readonly QueuedFrame[];
  /** Drops what waited longer than `timeout` ms; one entry per (sender, destination) pair. */
  expire(now: number, timeout: number): ExpiredPair[];
  /** Messages from `src` still queued (for the peers list). */
  pendingFrom(src: string): number;
  readonly count: number;
  readonly bytes: number;
  clear(): void;
}

/** What a multi-instance seam may ask of the engine. */
export interface SeamHost {
  /** Frames for `dst` from another instance; false when no client here holds `dst`. */
  deliver(dst: string, frames: readonly QueuedFrame[]): boolean;
  /** One frame from another instance for `dst`, as its UTF-8 bytes (sent as they are); false when no client here holds `dst`. */
  relay(dst: string, src: string, type: MessageTypeName, payload: Buffer): boolean;
  /** Another claim (generation `generation`) took `id` over: close the holder here if it is older. */
  replaced(id: string, generation: number): void;
  /** Queued frames from `src` to `dst` expired (wherever they waited): tell `src` if it is here. */
  expired(pair: ExpiredPair): void;
  /** The late outcome of a frame handed to `Bus.route`. */
  routed(src: string, dst: string, type: MessageTypeName, result: RouteResult): void;
  /** The clients registered here. */
  clients(): Iterable<Client>;
  /** Status changes worth a log line and a dashboard banner. */
  status(status: 'ok' | 'degraded', detail: string): void;
}

/** In-memory directory: the ids registered with this engine are all there is. */
export class LocalDirectory implements Directory {
  constructor(private readonly realm: Realm) {}

  claim(): ClaimVerdict {
    return LOCAL_GRANT;
  }

  release(): void {}

  freshId(generate: () => string): string {
    return this.realm.generateId(generate);
  }

  ids(): string[] {
    return this.realm.ids();
  }
}

const LOCAL_GRANT: ClaimVerdict = Object.freeze({ ok: true, generation: 0, queued: Object.freeze([]) });

/** In-memory bus: frames for absent ids wait in `MessageQueues` until their id registers or they expire. */
export class LocalBus implements Bus {
  constructor(readonly queues: MessageQueues) {}

  route(src: string, dst: string, type: ClientMessageType, text: () => string, now: number): RouteResult {
    if (!isQueueable(type)) return { kind: 'dropped', reason: 'no-destination' };
    const out = text();
    // Counted at what it holds in memory (footprint.ts), so max_queued_bytes bounds real memory.
    const bytes = queuedFootprint(out, Buffer.byteLength(out), this.queues.depthOf(dst) === 0);
    const result = this.queues.enqueue(dst, { src, type, text: out, bytes, queuedAt: now });
    if (!result.ok) return { kind: 'dropped', reason: result.reason };
    return { kind: 'queued', depth: result.depth, superseded: result.superseded?.type ?? null };
  }

  take(dst: string): readonly QueuedMessage[] {
    return this.queues.take(dst);
  }

  expire(now: number, timeout: number): ExpiredPair[] {
    return this.queues.count === 0 ? [] : this.queues.expire(now, timeout);
  }

  pendingFrom(src: string): number {
    return this.queues.count > 0 ? this.queues.pendingFrom(src) : 0;
  }

  get count(): number {
    return this.queues.count;
  }

  get bytes(): number {
    return this.queues.bytes;
  }

  clear(): void {
    this.queues.clear();
  }
}
