/** Zeroed counters, for when no server instance exists yet (nothing started since launch). */
import { MESSAGE_TYPES, type MessageTypeName, type ServerStats } from '../shared/events.js';

function zeroByType(): Record<MessageTypeName, number> {
  const out = {} as Record<MessageTypeName, number>;
  for (const t of MESSAGE_TYPES) out[t] = 0;
  return out;
}

export function emptyStats(): ServerStats {
  return {
    startedAt: null,
    peers: 0,
    peakPeers: 0,
    connectionsTotal: 0,
    refusedTotal: 0,
    messagesIn: zeroByType(),
    messagesOut: zeroByType(),
    bytesIn: 0,
    bytesOut: 0,
    queued: 0,
    queuedBytes: 0,
    queuedTotal: 0,
    expiredTotal: 0,
    droppedTotal: 0,
    errorsTotal: 0,
    malformedTotal: 0,
  };
}
