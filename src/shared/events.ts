/**
 * The event catalogue shared by core, main and renderer. The core produces these events, so their
 * shapes live in `src/core/events.ts`; this module re-exports them (types and constants only) so that
 * main, preload and renderer never reach into the core.
 */
export type {
  CloseReason,
  ConnectionClosedEvent,
  ConnectionOpenedEvent,
  ConnectionRefusedEvent,
  DropReason,
  FrameInEvent,
  FrameOutEvent,
  MessageDroppedEvent,
  MessageExpiredEvent,
  MessageQueuedEvent,
  MessageTypeName,
  PeerInfo,
  ProtocolErrorCode,
  ProtocolErrorEvent,
  RefuseReason,
  ServerEvent,
  ServerEventKind,
  ServerStartedEvent,
  ServerStats,
  ServerStoppedEvent,
} from '../core/events.js';
export { MESSAGE_TYPES, MessageType } from '../core/events.js';
export { peerInfoSchema, serverEventSchema } from '../core/event-schemas.js';
