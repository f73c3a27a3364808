/** Counters of one server run. Plain integer increments on the hot path. */
import { MESSAGE_TYPES, type MessageTypeName, type ServerStats } from './events.js';

function zeroByType(): Record<MessageTypeName, number> {
  const out = {} as Record<MessageTypeName, number>;
  for (const t of MESSAGE_TYPES) out[t] = 0;
  return out;
}

export class Stats {
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
    this.peakPeers = 0;
    this.connectionsTotal = 0;
    this.refusedTotal = 0;
    this.messagesIn = zeroByType();
    this.messagesOut = zeroByType();
    this.bytesIn = 0;
    this.bytesOut = 0;
    this.queuedTotal = 0;
    this.expiredTotal = 0;
    this.droppedTotal = 0;
    this.errorsTotal = 0;
    this.malformedTotal = 0;
  }

  snapshot(peers: number, queued: number, queuedBytes: number): ServerStats {
    return {
      startedAt: this.startedAt,
      peers,
      peakPeers: this.peakPeers,
      connectionsTotal: this.connectionsTotal,
      refusedTotal: this.refusedTotal,
      messagesIn: { ...this.messagesIn },
      messagesOut: { ...this.messagesOut },
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      queued,
      queuedBytes,
      queuedTotal: this.queuedTotal,
      expiredTotal: this.expiredTotal,
      droppedTotal: this.droppedTotal,
      errorsTotal: this.errorsTotal,
      malformedTotal: this.malformedTotal,
    };
  }
}
