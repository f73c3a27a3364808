/** Counters of one server run. Plain integer increments on the hot path. */
import { MESSAGE_TYPES, type MessageTypeName, type ServerStats } from './events.js';

/** A count per message type, all zero. */
export function zeroByType(): Record<MessageTypeName, number> {
  const out = {} as Record<MessageTypeName, number>;
  for (const t of MESSAGE_TYPES) out[t] = 0;
  return out;
}

/** The plain counters of a run: reset, snapshot and the zeroed stats are all made from this list. */
const COUNTERS = ['peakPeers', 'connectionsTotal', 'refusedTotal', 'bytesIn', 'bytesOut', 'queuedTotal', 'expiredTotal', 'droppedTotal', 'errorsTotal', 'malformedTotal'] as const;
type Counter = (typeof COUNTERS)[number];

export class Stats implements Record<Counter, number> {
  startedAt: number | null = null;
  peakPeers = 0;
  connectionsTotal = 0;
  refusedTotal = 0;
  messagesIn = zeroByType();
  messagesOut = zeroByType();
  bytesIn = 0;
  bytesOut = 0;
  queuedTotal = 0;
  expiredTotal = 0;
  droppedTotal = 0;
  errorsTotal = 0;
  malformedTotal = 0;

  reset(startedAt: number | null): void {
    this.startedAt = startedAt;
    for (const c of COUNTERS) this[c] = 0;
    this.messagesIn = zeroByType();
    this.messagesOut = zeroByType();
  }

  snapshot(peers: number, queued: number, queuedBytes: number): ServerStats {
    // Typed without the counters: a new field of ServerStats must be added here or to COUNTERS.
    const rest: Omit<ServerStats, Counter> = { startedAt: this.startedAt, peers, queued, queuedBytes, messagesIn: { ...this.messagesIn }, messagesOut: { ...this.messagesOut } };
    const counts = {} as Record<Counter, number>;
    for (const c of COUNTERS) counts[c] = this[c];
    return { ...rest, ...counts };
  }
}

/** Zeroed counters, for when no server instance exists yet (nothing started since launch). */
export function emptyStats(): ServerStats {
  return new Stats().snapshot(0, 0, 0);
}
