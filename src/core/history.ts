/**
 * A bounded ring buffer of recent events, limited by count and by approximate bytes. Pushing is O(1)
 * amortised; the oldest events are dropped first.
 */
import type { ServerEvent } from './events.js';

/** Rough size of an event without its frame text (fields, object overhead). */
const EVENT_OVERHEAD = 120;

export function eventBytes(event: ServerEvent): number {
  return 'frame' in event ? EVENT_OVERHEAD + event.frame.length * 2 : EVENT_OVERHEAD;
}

export class EventHistory {
  private readonly slots: (ServerEvent | undefined)[];
  private readonly sizes: Float64Array;
  private head = 0; // index of the oldest event
  private length = 0;
  private bytes = 0;

  constructor(
    readonly maxEvents: number,
    readonly maxBytes: number,
  ) {
    this.slots = new Array<ServerEvent | undefined>(maxEvents);
    this.sizes = new Float64Array(maxEvents);
  }

  get size(): number {
    return this.length;
  }

  get byteSize(): number {
    return this.bytes;
  }

  push(event: ServerEvent): void {
    const size = eventBytes(event);
    if (this.length === this.maxEvents) this.dropOldest();
    while (this.length > 0 && this.bytes + size > this.maxBytes) this.dropOldest();
    const tail = (this.head + this.length) % this.maxEvents;
    this.slots[tail] = event;
    this.sizes[tail] = size;
    this.length += 1;
    this.bytes += size;
  }

  /** Oldest first. */
  toArray(): ServerEvent[] {
    const out: ServerEvent[] = new Array<ServerEvent>(this.length);
    for (let i = 0; i < this.length; i += 1) {
      out[i] = this.slots[(this.head + i) % this.maxEvents] as ServerEvent;
    }
    return out;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.length = 0;
    this.bytes = 0;
  }

  private dropOldest(): void {
    this.bytes -= this.sizes[this.head] ?? 0;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.maxEvents;
    this.length -= 1;
  }
}
