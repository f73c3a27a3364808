/**
 * The catalogue of everything the signaling core reports through its traffic tap.
 *
 * Events are plain, JSON-serialisable objects, so the same values travel unchanged from the core to the
 * ring buffer, over IPC or the admin socket, and into the dashboard. `src/shared` re-exports these types:
 * the core is the producer, so it owns their shape.
 */

/** The message types of the PeerJS wire protocol. */
export const MessageType = {
  OPEN: 'OPEN',
  LEAVE: 'LEAVE',
  CANDIDATE: 'CANDIDATE',
  OFFER: 'OFFER',
  ANSWER: 'ANSWER',
  EXPIRE: 'EXPIRE',
  HEARTBEAT: 'HEARTBEAT',
  ID_TAKEN: 'ID-TAKEN',
  ERROR: 'ERROR',
} as const;
export type MessageTypeName = (typeof MessageType)[keyof typeof MessageType];

/** Every message type, in a stable order (for counters and filters). */
export const MESSAGE_TYPES: readonly MessageTypeName[] = Object.values(MessageType);

/**
 * Why a WebSocket was refused before it was registered. The first five are answered on the socket (ERROR or
 * ID-TAKEN, then a close, as the reference does); the last two are refused over HTTP before the upgrade:
 * - `duplicate-params`: `id`, `token` or `key` given more than once (HTTP 400).
 * - `origin-not-allowed`: a `cors` allow-list is set and the upgrade's Origin is not on it (HTTP 403).
 */
export type RefuseReason =
  | 'missing-params'
  | 'invalid-key'
  | 'invalid-id'
  | 'id-taken'
  | 'concurrent-limit'
  | 'duplicate-params'
  | 'origin-not-allowed';

/**
 * Why a registered connection ended.
 * - `client`: the client closed it (or the TCP connection dropped).
 * - `timeout`: no frame for `alive_timeout`.
 * - `replaced`: the same id and token connected again; the new socket took over.
 * - `kicked`: disconnected on purpose through the API (`disconnect(id)`).
 * - `server-stop`: the server was stopped.
 * - `too-large`: a frame exceeded `max_payload` (closed with 1009).
 * - `too-slow`: the client did not read its socket and more than `max_buffered` bytes waited for it.
 * - `invalid-frames`: the client kept sending frames the server drops as invalid, faster than
 *   MAX_INVALID_FRAMES_PER_SECOND (closed with 1008).
 * - `flooding`: the client kept sending over its frames/s or bytes/s budget (`max_frame_rate`,
 *   `max_byte_rate`) for `flood_timeout` ms although it was slowed down (closed with 1008).
 */
export type CloseReason = 'client' | 'timeout' | 'replaced' | 'kicked' | 'server-stop' | 'too-large' | 'too-slow' | 'invalid-frames' | 'flooding';

interface EventBase {
  /** Monotonic sequence number within one server instance (starts at 1 for each `start()`). */
  seq: number;
  /** Wall-clock time in ms since the epoch. */
  time: number;
}

export interface ServerStartedEvent extends EventBase {
  kind: 'server-started';
  host: string;
  port: number;
  path: string;
}

export interface ServerStoppedEvent extends EventBase {
  kind: 'server-stopped';
}

export interface ConnectionOpenedEvent extends EventBase {
  kind: 'connection-opened';
  id: string;
  remote: string;
  /** True when the same id and token took over from an open socket. */
  reconnect: boolean;
}

export interface ConnectionRefusedEvent extends EventBase {
  kind: 'connection-refused';
  /** The id the client asked for, if any. */
  id: string | null;
  remote: string;
  reason: RefuseReason;
  msg: string;
  /** For `invalid-key`: a masked hint of the key the client tried (`pe•••j (6 chars)`), never the key itself. */
  tried?: string;
}

/** A masked hint of a secret-ish string: first two and last characters, and its length. */
export function maskHint(value: string): string {
  const chars = [...value];
  const n = chars.length;
  const shown = n <= 3 ? '•'.repeat(n) : `${chars.slice(0, 2).join('')}${'•'.repeat(Math.min(n - 3, 8))}${chars[n - 1]}`;
  return `${shown} (${n} char${n === 1 ? '' : 's'})`;
}

export interface ConnectionClosedEvent extends EventBase {
  kind: 'connection-closed';
  id: string;
  reason: CloseReason;
  /** WebSocket close code, when known. */
  code: number;
}

/** A frame received from a registered client. `type` is null when the frame could not be understood. */
export interface FrameInEvent extends EventBase {
  kind: 'frame-in';
  peer: string;
  type: string | null;
  dst: string | null;
  /** Size in bytes of the frame as received. */
  size: number;
  /** The frame's text, as received (truncated to a bounded length for oversized debugging output). */
  frame: string;
}

/** A frame sent by the server: relayed messages and the server's own OPEN, ERROR, ID-TAKEN and EXPIRE. */
export interface FrameOutEvent extends EventBase {
  kind: 'frame-out';
  /** The receiving client's id (for a refused socket: the id it asked for, or null). */
  peer: string | null;
  type: MessageTypeName;
  src: string | null;
  size: number;
  frame: string;
}

/** A message was queued for an id that is not connected. */
export interface MessageQueuedEvent extends EventBase {
  kind: 'message-queued';
  src: string;
  dst: string;
  type: MessageTypeName;
  /** Messages now queued for `dst`. */
  depth: number;
}

/** Queued messages from `src` to `dst` expired; `src` was sent one EXPIRE. */
export interface MessageExpiredEvent extends EventBase {
  kind: 'message-expired';
  src: string;
  dst: string;
  count: number;
}

/**
 * A message was not relayed. `queue-full` / `queue-bytes`: it could not be queued for the absent `dst` (the
 * per-id or total-bytes cap; the sender is sent an EXPIRE for `dst`). `superseded`: an older message of the
 * same (src, dst) pair was dropped from the queue to make room for a newer one (the pair's share of the
 * per-id queue was full; the sender is sent an EXPIRE). `no-destination`: LEAVE or EXPIRE to an absent id.
 */
export interface MessageDroppedEvent extends EventBase {
  kind: 'message-dropped';
  src: string;
  dst: string | null;
  type: string | null;
  reason: DropReason;
}
export const DROP_REASONS = ['queue-full', 'queue-bytes', 'superseded', 'no-destination', 'malformed', 'sender-gone'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/**
 * A client's frame was dropped as invalid. Nothing is sent back (any ERROR frame is fatal to a PeerJS
 * client); the connection stays open unless the client keeps doing it (then `connection-closed`,
 * reason `invalid-frames`). `msg` says what was wrong, for the dashboard.
 */
export interface ProtocolErrorEvent extends EventBase {
  kind: 'protocol-error';
  peer: string;
  code: ProtocolErrorCode;
  msg: string;
}
/**
 * - `not-json`, `not-object`, `no-type`, `unknown-type` (incl. the server's own OPEN, ID-TAKEN, ERROR),
 *   `bad-dst` (missing, empty or not a string): the frame is not a message a client may send.
 * - `too-deep`: nested deeper than MAX_FRAME_DEPTH.
 * - `internal`: handling the frame threw (a server bug, never the client's fault); the frame is dropped.
 */
export type ProtocolErrorCode = 'not-json' | 'not-object' | 'no-type' | 'unknown-type' | 'bad-dst' | 'too-deep' | 'internal';

/** A multi-instance server lost or regained its shared directory (Redis); relaying between its own clients goes on. */
export interface ClusterStatusEvent extends EventBase {
  kind: 'cluster-status';
  status: 'ok' | 'degraded';
  detail: string;
}

export type ServerEvent =
  | ServerStartedEvent
  | ServerStoppedEvent
  | ConnectionOpenedEvent
  | ConnectionRefusedEvent
  | ConnectionClosedEvent
  | FrameInEvent
  | FrameOutEvent
  | MessageQueuedEvent
  | MessageExpiredEvent
  | MessageDroppedEvent
  | ProtocolErrorEvent
  | ClusterStatusEvent;

export type ServerEventKind = ServerEvent['kind'];

/** A live view of one registered client. */
export interface PeerInfo {
  id: string;
  remote: string;
  connectedAt: number;
  /** Time of the last frame received from it (any frame counts as a sign of life). */
  lastSeen: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Messages from this peer waiting in queues for ids that are not connected. */
  pendingOut: number;
}

/** Counters since the last `start()`. */
export interface ServerStats {
  startedAt: number | null;
  peers: number;
  peakPeers: number;
  connectionsTotal: number;
  refusedTotal: number;
  messagesIn: Record<MessageTypeName, number>;
  messagesOut: Record<MessageTypeName, number>;
  bytesIn: number;
  bytesOut: number;
  /** Messages waiting for absent ids right now, and their bytes. */
  queued: number;
  queuedBytes: number;
  queuedTotal: number;
  expiredTotal: number;
  droppedTotal: number;
  /** Frames dropped as invalid or because handling them failed (`protocol-error` events). */
  errorsTotal: number;
  /** Of those, frames dropped as invalid (every `protocol-error` code but `internal`). */
  malformedTotal: number;
}
