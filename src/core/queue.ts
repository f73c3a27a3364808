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

/** The queue of one absent id, and how many of its messages each sender holds. */
interface IdQueue {
  messages: QueuedMessage[];
  bySrc: Map<string, number>;
}

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
    const oldest = queue && this.limits.maxPerPair > 0 && held >= this.limits.maxPerPair ? queue.messages.findIndex((m) => m.src === message.src) : -1;
    const freed = oldest >= 0 && queue ? (queue.messages[oldest] as QueuedMessage).bytes : 0;
    const depth = queue ? queue.messages.length : 0;
    if (oldest < 0 && this.limits.maxPerId > 0 && depth >= this.limits.maxPerId) return { ok: false, reason: 'queue-full' };
    if (this.limits.maxBytes > 0 && this.totalBytes - freed + message.bytes > this.limits.maxBytes) {
      return { ok: false, reason: 'queue-bytes' };
    }
    let superseded: QueuedMessage | null = null;
    if (!queue) {
      queue = { messages: [], bySrc: new Map() };
      this.queues.set(dst, queue);
    }
    if (oldest >= 0) {
      superseded = queue.messages.splice(oldest, 1)[0] as QueuedMessage;
      this.totalBytes -= superseded.bytes;
      this.totalCount -= 1;
    } else {
      queue.bySrc.set(message.src, held + 1);
    }
    queue.messages.push(message);
    this.totalBytes += message.bytes;
    this.totalCount += 1;
    return { ok: true, depth: queue.messages.length, superseded };
  }

  /** Removes and returns everything queued for `dst`, oldest first. */
  take(dst: string): QueuedMessage[] {
    const queue = this.queues.get(dst);
    if (!queue) return [];
    this.queues.delete(dst);
    for (const m of queue.messages) this.totalBytes -= m.bytes;
    this.totalCount -= queue.messages.length;
    return queue.messages;
  }

  /** Removes and returns every queue, each oldest first (a cluster instance handing them to Redis). */
  takeAll(): [dst: string, messages: QueuedMessage[]][] {
    const all: [string, QueuedMessage[]][] = [];
    for (const [dst, queue] of this.queues) all.push([dst, queue.messages]);
    this.clear();
    return all;
  }

  /** Messages queued for `dst` (all senders). */
  depthOf(dst: string): number {
    return this.queues.get(dst)?.messages.length ?? 0;
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
    for (const [dst, queue] of this.queues) {
      const first = queue.messages[0];
      if (!first || now - first.queuedAt < timeout) continue; // queues are in time order
      const deadSenders = new Set<string>();
      for (const m of queue.messages) if (now - m.queuedAt >= timeout) deadSenders.add(m.src);
      const kept: QueuedMessage[] = [];
      const counts = new Map<string, number>();
      for (const m of queue.messages) {
        if (deadSenders.has(m.src)) {
          counts.set(m.src, (counts.get(m.src) ?? 0) + 1);
          this.totalBytes -= m.bytes;
          this.totalCount -= 1;
        } else {
          kept.push(m);
        }
      }
      for (const src of deadSenders) queue.bySrc.delete(src);
      queue.messages = kept;
      if (kept.length === 0) this.queues.delete(dst);
      for (const [src, count] of counts) expired.push({ src, dst, count });
    }
    return expired;
  }

  clear(): void {
    this.queues.clear();
    this.totalBytes = 0;
    this.totalCount = 0;
  }
}
