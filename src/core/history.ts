/**
 * A bounded ring buffer of recent events, limited by count and by approximate bytes; the oldest events
 * are dropped first. Pushing is O(1) amortised.
 *
 * Frame events (frame-in, frame-out) are by far the most frequent, so they have a compact form that
 * keeps no JavaScript object per event: their fields go into parallel typed arrays and their text, as
 * UTF-8 bytes, into one byte ring (the arena). Retaining one object and one string per relayed frame
 * for 10,000 events made them survive young-generation GCs and cost about a third of the relay's CPU;
 * copying the bytes costs a memcpy. Queued and dropped messages (one event per message of a queue
 * flood) have a compact form too, without text. `toArray()` rebuilds ordinary event objects, so readers
 * see no difference. Other events are kept as objects.
 */
import { DROP_REASONS, type DropReason, type MessageTypeName, type ServerEvent } from './events.js';

/** Rough size of an event without its frame text (fields, object overhead). */
const EVENT_OVERHEAD = 120;

export function eventBytes(event: ServerEvent): number {
  return 'frame' in event ? EVENT_OVERHEAD + event.frame.length * 2 : EVENT_OVERHEAD;
}

/** Frames longer than this (in UTF-8 bytes) are kept as objects (with their text cut), never in the arena. */
export const MAX_COMPACT_FRAME_BYTES = 64 * 1024;

const OBJECT = 0;
const FRAME_IN = 1;
const FRAME_OUT = 2;
const QUEUED = 3; // message-queued: src in peers, dst in others, depth in sizes
const DROPPED = 4; // message-dropped: src in peers, dst in others, the reason's index in DROP_REASONS in sizes

/** True for the kinds whose text is in the arena. */
function inArena(kind: number | undefined): boolean {
  return kind === FRAME_IN || kind === FRAME_OUT;
}

const FIRST_SLOTS = 1024;
/** Distinct destination ids remembered by `intern` before it starts afresh. */
const MAX_INTERNED = 4096;
const FIRST_ARENA = 256 * 1024;
const MAX_ARENA = 256 * 1024 * 1024;

export class EventHistory {
  // One slot per event, `capacity` slots (grown on demand up to maxEvents), ring from `head`.
  private capacity = 0;
  private kinds = new Uint8Array(0);
  private objects: (ServerEvent | undefined)[] = [];
  private seqs = new Float64Array(0);
  private times = new Float64Array(0);
  private sizes = new Float64Array(0); // the event's own `size` field (compact frames), depth, reason
  private costs = new Float64Array(0); // bytes counted against maxBytes
  private peers: (string | null)[] = [];
  private others: (string | null)[] = []; // dst of frame-in, src of frame-out
  private types: (string | null)[] = [];
  private starts = new Float64Array(0); // frame bytes in the arena
  private lengths = new Float64Array(0);
  private head = 0; // index of the oldest event
  private length = 0;
  private bytes = 0;

  // The byte ring of compact frames: live bytes run from the oldest compact frame's start to `wpos`.
  private arena: Buffer | null = null;
  private wpos = 0;
  /** Bytes of the compact frames held (what the arena must keep). */
  private liveFrameBytes = 0;
  private readonly maxArena: number;
  /** One string per destination id (see `intern`). */
  private readonly interned = new Map<string, string>();

  constructor(
    readonly maxEvents: number,
    readonly maxBytes: number,
  ) {
    // Live frame bytes never exceed half the counted bytes (text counts 2 bytes per character); two
    // largest frames more leave room for the gap at the end of the ring when it wraps, so the arena
    // never drops an event the count and byte limits would keep (below MAX_ARENA).
    this.maxArena = Math.min(MAX_ARENA, Math.ceil(maxBytes / 2) + 2 * MAX_COMPACT_FRAME_BYTES);
  }

  get size(): number {
    return this.length;
  }

  get byteSize(): number {
    return this.bytes;
  }

  /** Bytes the arena of compact frames holds (allocated, not only used). */
  get arenaSize(): number {
    return this.arena?.length ?? 0;
  }

  push(event: ServerEvent): void {
    const i = this.slot(eventBytes(event));
    this.kinds[i] = OBJECT;
    this.objects[i] = event;
  }

  /**
   * Records a frame event without keeping an object for it. `text` is the frame as UTF-8 bytes (or a
   * string, encoded here), at most MAX_COMPACT_FRAME_BYTES long.
   */
  pushFrame(
    kind: 'frame-in' | 'frame-out',
    seq: number,
    time: number,
    peer: string | null,
    type: string | null,
    other: string | null,
    size: number,
    text: Buffer | string,
  ): void {
    const byteLength = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
    const i = this.slot(EVENT_OVERHEAD + byteLength * 2);
    const at = this.reserve(byteLength);
    const arena = this.arena as Buffer;
    if (typeof text === 'string') arena.write(text, at);
    else text.copy(arena, at);
    this.fill(i, kind === 'frame-in' ? FRAME_IN : FRAME_OUT, seq, time, size, peer, other, type);
    this.starts[i] = at;
    this.lengths[i] = byteLength;
    this.liveFrameBytes += byteLength;
  }

  /**
   * Records a message-queued event (the most frequent event after frames, one per queued message: a
   * queue flood made 100,000 of them, each an object and a time number that lived long enough to be
   * promoted to the old generation) without keeping an object for it.
   */
  pushQueued(seq: number, time: number, src: string, dst: string, type: MessageTypeName, depth: number): void {
    this.pushMessage(QUEUED, seq, time, src, dst, type, depth);
  }

  /** Records a message-dropped event without keeping an object for it (see pushQueued). */
  pushDropped(seq: number, time: number, src: string, dst: string | null, type: string | null, reason: DropReason): void {
    this.pushMessage(DROPPED, seq, time, src, dst, type, DROP_REASONS.indexOf(reason));
  }

  private pushMessage(kind: number, seq: number, time: number, src: string, dst: string | null, type: string | null, value: number): void {
    const i = this.slot(EVENT_OVERHEAD);
    this.fill(i, kind, seq, time, value, src, dst, type);
    this.lengths[i] = 0;
  }

  /** The fields every compact event has, in slot `i` (no object kept). */
  private fill(i: number, kind: number, seq: number, time: number, size: number, peer: string | null, other: string | null, type: string | null): void {
    this.kinds[i] = kind;
    this.objects[i] = undefined;
    this.seqs[i] = seq;
    this.times[i] = time;
    this.sizes[i] = size;
    this.peers[i] = peer;
    this.others[i] = this.intern(other);
    this.types[i] = type;
  }

  /** Oldest first. */
  toArray(): ServerEvent[] {
    const out: ServerEvent[] = new Array<ServerEvent>(this.length);
    for (let n = 0; n < this.length; n += 1) out[n] = this.eventAt((this.head + n) % this.capacity);
    return out;
  }

  /**
   * The events after `afterSeq`, oldest first: at most the newest `max` of them. `skipped` counts the
   * newer events not returned (over `max`, or already dropped from the ring); `lastSeq` is the newest
   * seq held (or `afterSeq` when the ring holds nothing newer). Cost: O(returned events).
   */
  since(afterSeq: number, max: number): { events: ServerEvent[]; skipped: number; lastSeq: number } {
    if (this.length === 0) return { events: [], skipped: 0, lastSeq: afterSeq };
    const newest = this.seqAt((this.head + this.length - 1) % this.capacity);
    if (newest <= afterSeq) return { events: [], skipped: 0, lastSeq: afterSeq };
    let n = 0; // how many of the newest events to return
    while (n < this.length && n < max && this.seqAt((this.head + this.length - 1 - n) % this.capacity) > afterSeq) n += 1;
    const events = new Array<ServerEvent>(n);
    for (let k = 0; k < n; k += 1) events[k] = this.eventAt((this.head + this.length - n + k) % this.capacity);
    return { events, skipped: newest - afterSeq - n, lastSeq: newest };
  }

  clear(): void {
    this.interned.clear();
    this.objects.fill(undefined);
    this.peers.fill(null);
    this.others.fill(null);
    this.types.fill(null);
    this.head = 0;
    this.length = 0;
    this.bytes = 0;
    this.wpos = 0;
    this.liveFrameBytes = 0;
  }

  /**
   * The one copy of `id` the history keeps. A frame's `dst` is a new string each time JSON.parse reads it
   * (V8 shares only values of up to 10 characters), so a flood of frames to a few ids would keep one copy
   * per event: 10,000 strings that live long enough to be promoted, then die in the old generation
   * (a queue flood of 110,000 frames left 3.5 MB of them).
   */
  private intern(id: string | null): string | null {
    if (id === null) return null;
    const known = this.interned.get(id);
    if (known !== undefined) return known;
    if (this.interned.size >= MAX_INTERNED) this.interned.clear();
    this.interned.set(id, id);
    return id;
  }

  private seqAt(i: number): number {
    return this.kinds[i] === OBJECT ? (this.objects[i] as ServerEvent).seq : (this.seqs[i] as number);
  }

  private eventAt(i: number): ServerEvent {
    const kind = this.kinds[i];
    if (kind === OBJECT) return this.objects[i] as ServerEvent;
    if (kind === QUEUED || kind === DROPPED) return this.messageAt(kind, i);
    const start = this.starts[i] as number;
    const frame = (this.arena as Buffer).toString('utf8', start, start + (this.lengths[i] as number));
    const base = { seq: this.seqs[i] as number, time: this.times[i] as number };
    if (kind === FRAME_IN) {
      return { kind: 'frame-in', ...base, peer: this.peers[i] as string, type: this.types[i] ?? null, dst: this.others[i] ?? null, size: this.sizes[i] as number, frame };
    }
    return {
      kind: 'frame-out',
      ...base,
      peer: this.peers[i] ?? null,
      type: this.types[i] as MessageTypeName,
      src: this.others[i] ?? null,
      size: this.sizes[i] as number,
      frame,
    };
  }

  private messageAt(kind: number, i: number): ServerEvent {
    const base = { seq: this.seqs[i] as number, time: this.times[i] as number, src: this.peers[i] as string };
    if (kind === QUEUED) {
      return { kind: 'message-queued', ...base, dst: this.others[i] as string, type: this.types[i] as MessageTypeName, depth: this.sizes[i] as number };
    }
    const reason = DROP_REASONS[this.sizes[i] as number] as DropReason;
    return { kind: 'message-dropped', ...base, dst: this.others[i] ?? null, type: this.types[i] ?? null, reason };
  }

  /** Makes room for one more event costing `cost` bytes and returns its slot. */
  private slot(cost: number): number {
    if (this.length === this.capacity && this.capacity < this.maxEvents) this.grow();
    if (this.length === this.maxEvents) this.dropOldest();
    while (this.length > 0 && this.bytes + cost > this.maxBytes) this.dropOldest();
    const i = (this.head + this.length) % this.capacity;
    this.costs[i] = cost;
    this.length += 1;
    this.bytes += cost;
    return i;
  }

  /** Returns where `n` bytes go in the arena, dropping the oldest events whose bytes are in the way. */
  private reserve(n: number): number {
    if (this.arena === null) this.arena = Buffer.allocUnsafeSlow(Math.min(this.maxArena, Math.max(FIRST_ARENA, 2 * n)));
    // The arena grows with what it must hold, not with what went through it: at least twice the live bytes
    // (then the ring's wrap never reaches a live frame: live + the frame + the gap at the end fit), up to
    // maxArena. A long run of small frames keeps a small arena however many bytes it wrote.
    if (2 * (this.liveFrameBytes + n) > this.arena.length && this.arena.length < this.maxArena) this.growArena(2 * (this.liveFrameBytes + n));
    let at = this.wpos;
    let wraps = false;
    if (at + n > this.arena.length) {
      at = 0;
      wraps = true;
    }
    // The bytes from wpos onwards (to the end, then from 0 when wrapping) belong to the oldest frames.
    const from = this.wpos;
    const to = at + n;
    // The new event already has its slot (the newest); only older events may be dropped.
    while (this.length > 1) {
      const oldest = this.oldestFrame();
      if (oldest < 0) break;
      const s = this.starts[oldest] as number;
      const e = s + (this.lengths[oldest] as number);
      const overlaps = wraps ? e > from || s < to : s < to && e > from;
      if (!overlaps) break;
      this.dropOldest();
    }
    this.wpos = at + n;
    return at;
  }

  /** Slot of the oldest compact frame holding bytes (not the newest slot, being written), or -1. */
  private oldestFrame(): number {
    for (let n = 0; n < this.length - 1; n += 1) {
      const i = (this.head + n) % this.capacity;
      if (inArena(this.kinds[i]) && (this.lengths[i] as number) > 0) return i;
    }
    return -1;
  }

  private dropOldest(): void {
    const i = this.head;
    this.bytes -= this.costs[i] ?? 0;
    if (inArena(this.kinds[i])) this.liveFrameBytes -= this.lengths[i] as number;
    this.objects[i] = undefined;
    this.peers[i] = null;
    this.others[i] = null;
    this.types[i] = null;
    this.kinds[i] = OBJECT;
    this.head = (this.head + 1) % this.capacity;
    this.length -= 1;
    if (this.length === 0) {
      this.wpos = 0;
      }
  }

  /** Doubles the slots (up to maxEvents), keeping the events in order from index 0. */
  private grow(): void {
    const next = Math.min(this.maxEvents, Math.max(FIRST_SLOTS, this.capacity * 2));
    const order = (n: number) => (this.head + n) % this.capacity;
    const typed = (a: Float64Array) => {
      const b = new Float64Array(next);
      for (let n = 0; n < this.length; n += 1) b[n] = a[order(n)] as number;
      return b;
    };
    const kinds = new Uint8Array(next);
    for (let n = 0; n < this.length; n += 1) kinds[n] = this.kinds[order(n)] as number;
    const list = <T>(a: T[], empty: T) => {
      const b = new Array<T>(next).fill(empty);
      for (let n = 0; n < this.length; n += 1) b[n] = a[order(n)] as T;
      return b;
    };
    this.seqs = typed(this.seqs);
    this.times = typed(this.times);
    this.sizes = typed(this.sizes);
    this.costs = typed(this.costs);
    this.starts = typed(this.starts);
    this.lengths = typed(this.lengths);
    this.kinds = kinds;
    this.objects = list(this.objects, undefined);
    this.peers = list(this.peers, null);
    this.others = list(this.others, null);
    this.types = list(this.types, null);
    this.capacity = next;
    this.head = 0;
  }

  /** A bigger arena of at least `need` bytes: the live frames, oldest first, copied to its start. */
  private growArena(need: number): void {
    const old = this.arena as Buffer;
    let size = old.length;
    while (size < need && size < this.maxArena) size *= 2;
    size = Math.min(size, this.maxArena);
    const next = Buffer.allocUnsafeSlow(size);
    let at = 0;
    // Every slot but the newest (being written); oldest first, so the ring's order is kept from 0.
    for (let n = 0; n < this.length - 1; n += 1) {
      const i = (this.head + n) % this.capacity;
      if (!inArena(this.kinds[i])) continue;
      const start = this.starts[i] as number;
      const length = this.lengths[i] as number;
      old.copy(next, at, start, start + length);
      this.starts[i] = at;
      at += length;
    }
    this.wpos = at;
    this.arena = next;
  }

}
