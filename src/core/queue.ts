/**
 * Messages waiting for ids that are not connected. Bounded per id (`max_queue`) and in total bytes
 * (`max_queued_bytes`); each message expires on its own after `expire_timeout`.
 *
 * One sender cannot fill an id's queue for everyone dialling it: each (sender, dst) pair holds at most
 * `maxPerPair` of the id's messages (its share). When a pair's share is full, its OLDEST message is dropped
 * to make room for the new one (it is "superseded"): a client re-dialling an absent id keeps its newest
 * dials queued, whole (an OFFER and the CANDIDATEs after it), and never pushes other senders out.
 */
import type { MessageTypeName } from './events.js';

export interface QueuedMessage {
  src: string;
  type: MessageTypeName;
  /** The relay text, `src` already set. */
  text: string;
  /** The memory it holds, as counted against the byte cap (`queuedFootprint` in footprint.ts). */
  bytes: number;
  queuedAt: number;
}

export interface QueueLimits {
  maxPerId: number;
  maxBytes: number;
  /** Messages of one (sender, dst) pair at most; 0 = no limit. See `pairShare`. */
  maxPerPair: number;
}

/**
 * The share of an id's queue one sender may hold: a quarter of `max_queue` (at least 1; 0 = no limit).
 * The default 100 gives each sender 25 messages, several whole PeerJS dials, and room for 3 others.
 */
export function pairShare(maxPerId: number): number {
  return maxPerId === 0 ? 0 : Math.max(1, Math.ceil(maxPerId / 4));
}

/** `superseded`: the pair's oldest message that was dropped to make room, if any. */
export type EnqueueResult =
  | { ok: true; depth: number; superseded: QueuedMessage | null }
  | { ok: false; reason: 'queue-full' | 'queue-bytes' };

/**
 * The queue of one absent id, oldest first: each message is `STRIDE` slots of one flat array (its text,
 * sender, type, bytes counted and when it was queued), with no object per message; and how many of its
 * messages each sender holds.
 */
interface IdQueue {
  items: (string | number)[];
  bySrc: Map<string, number>;
}

/** Slots per message in `IdQueue.items`. */
const STRIDE = 5;
const TEXT = 0;
const SRC = 1;
const TYPE = 2;
const BYTES = 3;
/** When it was queued, in ms since the queues' epoch: a small integer (no boxed number) for 12 days. */
const AT = 4;

/** One expired (sender, destination) pair: the sender gets one EXPIRE for all of them. */
export interface ExpiredPair {
  src: string;
  dst: string;
  count: number;
}

export class MessageQueues {
  private readonly queues = new Map<string, IdQueue>();
  private totalBytes = 0;
  private totalCount = 0;
  /** `queuedAt` is kept relative to this (see AT). */
  private readonly epoch = Date.now();

  constructor(private readonly limits: QueueLimits) {}

  get count(): number {
    return this.totalCount;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  enqueue(dst: string, message: QueuedMessage): EnqueueResult {
    let queue = this.queues.get(dst);
    const held = queue ? (queue.bySrc.get(message.src) ?? 0) : 0;
    // The pair's share is full: its oldest message makes room (checked first, so a re-dialling sender is
    // never refused by the per-id cap it does not fill).
    const oldest = queue && this.limits.maxPerPair > 0 && held >= this.limits.maxPerPair ? indexOfSrc(queue.items, message.src) : -1;
    const freed = oldest >= 0 && queue ? (queue.items[oldest + BYTES] as number) : 0;
    const depth = queue ? queue.items.length / STRIDE : 0;
    if (oldest < 0 && this.limits.maxPerId > 0 && depth >= this.limits.maxPerId) return { ok: false, reason: 'queue-full' };
    if (this.limits.maxBytes > 0 && this.totalBytes - freed + message.bytes > this.limits.maxBytes) {
      return { ok: false, reason: 'queue-bytes' };
    }
    let superseded: QueuedMessage | null = null;
    if (!queue) {
      queue = { items: [], bySrc: new Map() };
      this.queues.set(dst, queue);
    }
    const items = queue.items;
    if (oldest >= 0) {
      superseded = this.messageAt(items, oldest);
      this.totalBytes -= superseded.bytes;
      this.totalCount -= 1;
      // The messages after it move up one place; the new one takes the last (no allocation).
      const last = items.length - STRIDE;
      for (let k = oldest; k < last; k += 1) items[k] = items[k + STRIDE] as string | number;
      items[last + TEXT] = message.text;
      items[last + SRC] = message.src;
      items[last + TYPE] = message.type;
      items[last + BYTES] = message.bytes;
      items[last + AT] = message.queuedAt - this.epoch;
    } else {
      queue.bySrc.set(message.src, held + 1);
      items.push(message.text, message.src, message.type, message.bytes, message.queuedAt - this.epoch);
    }
    this.totalBytes += message.bytes;
    this.totalCount += 1;
    return { ok: true, depth: items.length / STRIDE, superseded };
  }

  /** Removes and returns everything queued for `dst`, oldest first. */
  take(dst: string): QueuedMessage[] {
    const queue = this.queues.get(dst);
    if (!queue) return [];
    this.queues.delete(dst);
    const out = this.messagesOf(queue);
    for (const m of out) this.totalBytes -= m.bytes;
    this.totalCount -= out.length;
    return out;
  }

  /** Removes and returns every queue, each oldest first (a cluster instance handing them to Redis). */
  takeAll(): [dst: string, messages: QueuedMessage[]][] {
    const all: [string, QueuedMessage[]][] = [];
    for (const [dst, queue] of this.queues) all.push([dst, this.messagesOf(queue)]);
    this.clear();
    return all;
  }

  /** Messages queued for `dst` (all senders). */
  depthOf(dst: string): number {
    const queue = this.queues.get(dst);
    return queue ? queue.items.length / STRIDE : 0;
  }

  /** Messages from `src` still waiting in any queue. */
  pendingFrom(src: string): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.bySrc.get(src) ?? 0;
    return n;
  }

  /**
   * Drops every pair whose oldest message is older than `timeout` ms. All of that pair's messages go
   * at once (the sender is told once and gives up on that peer), other senders' messages stay.
   */
  expire(now: number, timeout: number): ExpiredPair[] {
    const expired: ExpiredPair[] = [];
    const age = (items: (string | number)[], i: number): number => now - this.epoch - (items[i + AT] as number);
    // forEach: no [key, value] array per queue on each sweep.
    this.queues.forEach((queue, dst) => {
      const items = queue.items;
      if (items.length === 0 || age(items, 0) < timeout) return; // queues are in time order
      const deadSenders = new Set<string>();
      for (let i = 0; i < items.length; i += STRIDE) if (age(items, i) >= timeout) deadSenders.add(items[i + SRC] as string);
      const counts = new Map<string, number>();
      // The kept messages move up in place, in order.
      let kept = 0;
      for (let i = 0; i < items.length; i += STRIDE) {
        const src = items[i + SRC] as string;
        if (deadSenders.has(src)) {
          counts.set(src, (counts.get(src) ?? 0) + 1);
          this.totalBytes -= items[i + BYTES] as number;
          this.totalCount -= 1;
        } else {
          if (kept !== i) for (let k = 0; k < STRIDE; k += 1) items[kept + k] = items[i + k] as string | number;
          kept += STRIDE;
        }
      }
      items.length = kept;
      for (const src of deadSenders) queue.bySrc.delete(src);
      if (kept === 0) this.queues.delete(dst);
      for (const [src, count] of counts) expired.push({ src, dst, count });
    });
    return expired;
  }

  clear(): void {
    this.queues.clear();
    this.totalBytes = 0;
    this.totalCount = 0;
  }

  private messageAt(items: (string | number)[], i: number): QueuedMessage {
    return {
      src: items[i + SRC] as string,
      type: items[i + TYPE] as MessageTypeName,
      text: items[i + TEXT] as string,
      bytes: items[i + BYTES] as number,
      queuedAt: (items[i + AT] as number) + this.epoch,
    };
  }

  private messagesOf(queue: IdQueue): QueuedMessage[] {
    const out: QueuedMessage[] = [];
    for (let i = 0; i < queue.items.length; i += STRIDE) out.push(this.messageAt(queue.items, i));
    return out;
  }
}

/** Where the first message of `src` starts in `items`, or -1. */
function indexOfSrc(items: (string | number)[], src: string): number {
  for (let i = 0; i < items.length; i += STRIDE) if (items[i + SRC] === src) return i;
  return -1;
}
