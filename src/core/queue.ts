/**
 * Messages waiting for ids that are not connected. Bounded per id (`max_queue`) and in total bytes
 * (`max_queued_bytes`); each message expires on its own after `expire_timeout`.
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
}

export type EnqueueResult = { ok: true; depth: number } | { ok: false; reason: 'queue-full' | 'queue-bytes' };

/** One expired (sender, destination) pair: the sender gets one EXPIRE for all of them. */
export interface ExpiredPair {
  src: string;
  dst: string;
  count: number;
}

export class MessageQueues {
  private readonly queues = new Map<string, QueuedMessage[]>();
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
    const depth = queue ? queue.length : 0;
    if (this.limits.maxPerId > 0 && depth >= this.limits.maxPerId) return { ok: false, reason: 'queue-full' };
    if (this.limits.maxBytes > 0 && this.totalBytes + message.bytes > this.limits.maxBytes) {
      return { ok: false, reason: 'queue-bytes' };
    }
    if (!queue) {
      queue = [];
      this.queues.set(dst, queue);
    }
    queue.push(message);
    this.totalBytes += message.bytes;
    this.totalCount += 1;
    return { ok: true, depth: queue.length };
  }

  /** Removes and returns everything queued for `dst`, oldest first. */
  take(dst: string): QueuedMessage[] {
    const queue = this.queues.get(dst);
    if (!queue) return [];
    this.queues.delete(dst);
    for (const m of queue) this.totalBytes -= m.bytes;
    this.totalCount -= queue.length;
    return queue;
  }

  /** Messages queued for `dst` (all senders). */
  depthOf(dst: string): number {
    return this.queues.get(dst)?.length ?? 0;
  }

  /** Messages from `src` still waiting in any queue. */
  pendingFrom(src: string): number {
    let n = 0;
    for (const queue of this.queues.values()) for (const m of queue) if (m.src === src) n += 1;
    return n;
  }

  /**
   * Drops every pair whose oldest message is older than `timeout` ms. All of that pair's messages go
   * at once (the sender is told once and gives up on that peer), other senders' messages stay.
   */
  expire(now: number, timeout: number): ExpiredPair[] {
    const expired: ExpiredPair[] = [];
    for (const [dst, queue] of this.queues) {
      const first = queue[0];
      if (!first || now - first.queuedAt < timeout) continue; // queues are in time order
      const deadSenders = new Set<string>();
      for (const m of queue) if (now - m.queuedAt >= timeout) deadSenders.add(m.src);
      const kept: QueuedMessage[] = [];
      const counts = new Map<string, number>();
      for (const m of queue) {
        if (deadSenders.has(m.src)) {
          counts.set(m.src, (counts.get(m.src) ?? 0) + 1);
          this.totalBytes -= m.bytes;
          this.totalCount -= 1;
        } else {
          kept.push(m);
        }
      }
      if (kept.length > 0) this.queues.set(dst, kept);
      else this.queues.delete(dst);
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
