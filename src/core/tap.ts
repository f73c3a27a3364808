/**
 * The traffic tap: where the core reports what happens. Callers check `active` before building an
 * event, so a server nobody watches (no listener, no history) allocates nothing per message.
 */
import type { EventListener } from './api.js';
import type { ServerEvent, ServerEventKind } from './events.js';
import { EventHistory } from './history.js';

type AnyListener = (event: ServerEvent) => void;

/** A ServerEvent before the tap stamps it with `seq` and `time`. */
export type UnstampedEvent = ServerEvent extends infer E ? (E extends ServerEvent ? Omit<E, 'seq' | 'time'> : never) : never;

export class Tap {
  /** True when anything would receive an event. */
  active: boolean;
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
    this.active = true;
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
    for (const fn of this.all) safeCall(fn, stamped);
    const kind = this.byKind.get(stamped.kind);
    if (kind) for (const fn of kind) safeCall(fn, stamped);
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
  }
}

function safeCall(fn: AnyListener, event: ServerEvent): void {
  try {
    fn(event);
  } catch (err) {
    process.emitWarning(`Switchboard event listener threw: ${String(err)}`, 'SwitchboardListenerWarning');
  }
}
