/**
 * The traffic tap: where the core reports what happens. Callers check `active` before building an
 * event, so a server nobody watches (no listener, no history) allocates nothing per message.
 */
import type { EventListener } from './api.js';
import type { DropReason, MessageTypeName, ServerEvent, ServerEventKind } from './events.js';
import { EventHistory, MAX_COMPACT_FRAME_BYTES } from './history.js';

/** The longest frame text kept in an event (the dashboard's inspector); longer frames are cut. */
export const MAX_EVENT_FRAME = 64 * 1024;

/** A frame's text for an event, cut at MAX_EVENT_FRAME characters. */
export function eventFrame(payload: string | Buffer): string {
  const text = typeof payload === 'string' ? payload : payload.toString('utf8', 0, Math.min(payload.length, MAX_EVENT_FRAME * 3));
  return text.length > MAX_EVENT_FRAME ? text.slice(0, MAX_EVENT_FRAME) : text;
}

type AnyListener = (event: ServerEvent) => void;

/** A ServerEvent before the tap stamps it with `seq` and `time`. */
export type UnstampedEvent = ServerEvent extends infer E ? (E extends ServerEvent ? Omit<E, 'seq' | 'time'> : never) : never;

export class Tap {
  /** True when anything would receive an event. */
  active: boolean;
  /** True when a listener (not only the history) wants frame-in / frame-out events as objects. */
  private frameInListened = false;
  private frameOutListened = false;
  /** True when a listener wants message-queued / message-dropped events (else they are kept compact). */
  private queuedListened = false;
  private droppedListened = false;
  private seq = 0;
  private readonly all = new Set<AnyListener>();
  private readonly byKind = new Map<ServerEventKind, Set<AnyListener>>();
  readonly history: EventHistory | null;

  constructor(history: { maxEvents: number; maxBytes: number } | false) {
    this.history = history ? new EventHistory(history.maxEvents, history.maxBytes) : null;
    this.active = this.history !== null;
  }

  on<K extends ServerEventKind | '*'>(kind: K, listener: EventListener<K>): () => void {
    const fn = listener as AnyListener;
    let set: Set<AnyListener>;
    if (kind === '*') {
      set = this.all;
    } else {
      const k = kind as ServerEventKind;
      set = this.byKind.get(k) ?? new Set<AnyListener>();
      this.byKind.set(k, set);
    }
    set.add(fn);
    this.refresh();
    return () => {
      set.delete(fn);
      this.refresh();
    };
  }

  /** Stamps and delivers an event. A throwing listener never breaks the server or other listeners. */
  emit(event: UnstampedEvent): void {
    const stamped = event as ServerEvent;
    stamped.seq = ++this.seq;
    stamped.time = Date.now();
    this.history?.push(stamped);
    this.deliver(stamped);
  }

  /**
   * A frame received from a client. `data` is its bytes, `text` its decoded text. The history keeps it
   * in compact form (no object, no string kept); only frame listeners get an object.
   */
  frameIn(peer: string, type: string | null, dst: string | null, size: number, data: Buffer, text: string): void {
    const history = this.history;
    const compact = history !== null && data.length <= MAX_COMPACT_FRAME_BYTES;
    if (!this.frameInListened) {
      if (compact) history.pushFrame('frame-in', ++this.seq, Date.now(), peer, type, dst, size, data);
      else this.emit({ kind: 'frame-in', peer, type, dst, size, frame: eventFrame(text) });
      return;
    }
    const event: ServerEvent = { kind: 'frame-in', seq: ++this.seq, time: Date.now(), peer, type, dst, size, frame: eventFrame(text) };
    if (compact) history.pushFrame('frame-in', event.seq, event.time, peer, type, dst, size, data);
    else history?.push(event);
    this.deliver(event);
  }

  /** A message queued for the absent `dst`: compact in the history unless a listener wants it (see frameIn). */
  messageQueued(src: string, dst: string, type: MessageTypeName, depth: number): void {
    if (this.history !== null && !this.queuedListened) this.history.pushQueued(++this.seq, Date.now(), src, dst, type, depth);
    else this.emit({ kind: 'message-queued', src, dst, type, depth });
  }

  /** A message not relayed (see MessageDroppedEvent); compact in the history unless a listener wants it. */
  messageDropped(src: string, dst: string | null, type: string | null, reason: DropReason): void {
    if (this.history !== null && !this.droppedListened) this.history.pushDropped(++this.seq, Date.now(), src, dst, type, reason);
    else this.emit({ kind: 'message-dropped', src, dst, type, reason });
  }

  /** True when a listener wants frame-out events as objects (then a caller may pass their text ready-made). */
  get frameOutListening(): boolean {
    return this.frameOutListened;
  }

  /**
   * A frame sent to a client (`payload`: its text or its UTF-8 bytes); see frameIn. `text`, when given,
   * is the payload's text (cheaper for the caller to make than decoding the bytes here).
   */
  frameOut(peer: string | null, type: MessageTypeName, src: string | null, size: number, payload: string | Buffer, text: string | null = null): void {
    const history = this.history;
    const compact = history !== null && (typeof payload === 'string' ? payload.length * 3 : payload.length) <= MAX_COMPACT_FRAME_BYTES;
    if (!this.frameOutListened) {
      if (compact) history.pushFrame('frame-out', ++this.seq, Date.now(), peer, type, src, size, payload);
      else this.emit({ kind: 'frame-out', peer, type, src, size, frame: eventFrame(payload) });
      return;
    }
    const event: ServerEvent = { kind: 'frame-out', seq: ++this.seq, time: Date.now(), peer, type, src, size, frame: eventFrame(text ?? payload) };
    if (compact) history.pushFrame('frame-out', event.seq, event.time, peer, type, src, size, payload);
    else history?.push(event);
    this.deliver(event);
  }

  private deliver(event: ServerEvent): void {
    for (const fn of this.all) safeCall(fn, event);
    const kind = this.byKind.get(event.kind);
    if (kind) for (const fn of kind) safeCall(fn, event);
  }

  /** Starts a new numbering and an empty history (on each server start). */
  reset(): void {
    this.seq = 0;
    this.history?.clear();
  }

  private refresh(): void {
    let any = this.history !== null || this.all.size > 0;
    for (const set of this.byKind.values()) any ||= set.size > 0;
    this.active = any;
    this.frameInListened = this.all.size > 0 || (this.byKind.get('frame-in')?.size ?? 0) > 0;
    this.frameOutListened = this.all.size > 0 || (this.byKind.get('frame-out')?.size ?? 0) > 0;
    this.queuedListened = this.all.size > 0 || (this.byKind.get('message-queued')?.size ?? 0) > 0;
    this.droppedListened = this.all.size > 0 || (this.byKind.get('message-dropped')?.size ?? 0) > 0;
  }
}

function safeCall(fn: AnyListener, event: ServerEvent): void {
  try {
    fn(event);
  } catch (err) {
    process.emitWarning(`Switchboard event listener threw: ${String(err)}`, 'SwitchboardListenerWarning');
  }
}
