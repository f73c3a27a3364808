/**
 * The PeerJS wire protocol: what a client may send, the server's own messages, and the rules for ids.
 * Pure functions only; no sockets here.
 */
import { exceedsDepth, MAX_FRAME_DEPTH } from './depth.js';
import { MessageType, type MessageTypeName, type ProtocolErrorCode } from './events.js';

/** Error texts, word for word as the reference server sends them (clients match on some of them). */
export const ErrorText = {
  INVALID_WS_PARAMETERS: 'No id, token, or key supplied to websocket server',
  INVALID_KEY: 'Invalid key provided',
  CONNECTION_LIMIT_EXCEED: 'Server has reached its concurrent user limit',
  ID_TAKEN: 'ID is taken',
  INVALID_ID: 'Invalid id',
} as const;

/** The PeerJS client's own rule for ids (peerjs `util.validateId`), with a length cap. */
const ID_PATTERN = /^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/;
export const MAX_ID_LENGTH = 128;

export function isValidId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && ID_PATTERN.test(id);
}

/** Types a client may send. OPEN, ID-TAKEN and ERROR are the server's alone. */
export type ClientMessageType = 'HEARTBEAT' | 'OFFER' | 'ANSWER' | 'CANDIDATE' | 'LEAVE' | 'EXPIRE';

/** Types that are queued for an absent destination (the others are dropped). */
export function isQueueable(type: ClientMessageType): boolean {
  return type === 'OFFER' || type === 'ANSWER' || type === 'CANDIDATE';
}

export interface ParsedFrame {
  ok: true;
  type: ClientMessageType;
  /** Destination id; null for HEARTBEAT and for a LEAVE without dst. */
  dst: string | null;
  /** The parsed message, for rebuilding it when the text cannot be forwarded as is. */
  message: Record<string, unknown>;
  /** True when the client put its own `src` in the message (we must not forward its text as is). */
  hasSrc: boolean;
}

export interface FrameError {
  ok: false;
  code: ProtocolErrorCode;
  msg: string;
  /** The type, when one could be read. */
  type: string | null;
}

const CLIENT_TYPES: ReadonlySet<string> = new Set<ClientMessageType>(['HEARTBEAT', 'OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE']);
const SERVER_TYPES: ReadonlySet<string> = new Set<string>([MessageType.OPEN, MessageType.ID_TAKEN, MessageType.ERROR]);

function fail(code: ProtocolErrorCode, msg: string, type: string | null = null): FrameError {
  return { ok: false, code, msg, type };
}

/**
 * Parses and checks one text frame from a registered client. Never throws. A frame that fails is dropped by
 * the engine without a reply (see `FrameError`); nesting deeper than MAX_FRAME_DEPTH fails too, so nothing
 * later (a rebuilt relay text, a listener) can overflow the stack on a client's payload.
 */
export function parseClientFrame(text: string): ParsedFrame | FrameError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('not-json', 'Invalid message: not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('not-object', 'Invalid message: expected a JSON object');
  }
  if (exceedsDepth(value, MAX_FRAME_DEPTH)) {
    return fail('too-deep', `Invalid message: nested deeper than ${MAX_FRAME_DEPTH} levels`);
  }
  const message = value as Record<string, unknown>;
  const type = message.type;
  if (typeof type !== 'string') return fail('no-type', 'Invalid message: missing "type"');
  if (!CLIENT_TYPES.has(type)) {
    const why = SERVER_TYPES.has(type) ? 'is sent by the server only' : 'is unknown';
    return fail('unknown-type', `Invalid message: type "${type.slice(0, 32)}" ${why}`, type.slice(0, 32));
  }
  const clientType = type as ClientMessageType;
  const dst = message.dst;
  if (clientType === 'HEARTBEAT') {
    return { ok: true, type: clientType, dst: null, message, hasSrc: false };
  }
  if (dst === undefined && clientType === 'LEAVE') {
    return { ok: true, type: clientType, dst: null, message, hasSrc: false };
  }
  if (typeof dst !== 'string' || dst.length === 0) {
    return fail('bad-dst', `Invalid message: ${clientType} needs "dst", the id of the peer to reach`, clientType);
  }
  return { ok: true, type: clientType, dst, message, hasSrc: Object.hasOwn(message, 'src') };
}

/** The HEARTBEAT a PeerJS client sends, byte for byte (`JSON.stringify({ type: 'HEARTBEAT' })`). */
export const HEARTBEAT_TEXT = JSON.stringify({ type: 'HEARTBEAT' });
const HEARTBEAT_BYTES = Buffer.from(HEARTBEAT_TEXT);

/**
 * True when `data` is exactly HEARTBEAT_TEXT: then the frame is a valid HEARTBEAT without being decoded or
 * parsed (most frames of an idle client). Any other spelling (spaces, more keys) goes through
 * parseClientFrame, which comes to the same verdict for a valid one.
 */
export function isPlainHeartbeat(data: Uint8Array): boolean {
  const n = HEARTBEAT_BYTES.length;
  if (data.length !== n) return false;
  for (let i = 0; i < n; i += 1) if (data[i] !== HEARTBEAT_BYTES[i]) return false;
  return true;
}

/**
 * The text relayed to `dst`: the sender's own text with `"src"` set by the server. When the client
 * wrote no `src`, its text is forwarded with the server's `src` spliced before the closing brace (no
 * re-serialisation). When it did, the message is rebuilt, so a client-supplied `src` can never win
 * (`JSON.stringify` recurses, which is safe only because parseClientFrame bounded the depth).
 */
export function relayText(text: string, frame: ParsedFrame, srcSuffix: string, srcId: string): string {
  if (!frame.hasSrc) {
    const end = text.lastIndexOf('}');
    return text.slice(0, end) + srcSuffix;
  }
  const m = frame.message;
  return JSON.stringify({ ...m, type: frame.type, src: srcId, dst: frame.dst });
}

/**
 * `relayText` on bytes: the frame as received (`data`, a valid UTF-8 text frame) with `srcSuffix` (its
 * UTF-8 bytes) spliced before the closing brace, in one buffer and two byte copies — no string round trip,
 * no UTF-8 encoding per frame. A client-supplied `src` still makes the message be rebuilt (it can never win).
 */
export function relayBytes(data: Buffer, frame: ParsedFrame, srcSuffix: Uint8Array, srcId: string): Buffer {
  if (!frame.hasSrc) {
    const end = data.lastIndexOf(0x7d); // '}' (0x7d never occurs inside a multi-byte UTF-8 sequence)
    const out = Buffer.allocUnsafe(end + srcSuffix.length);
    data.copy(out, 0, 0, end);
    out.set(srcSuffix, end);
    return out;
  }
  const m = frame.message;
  return Buffer.from(JSON.stringify({ ...m, type: frame.type, src: srcId, dst: frame.dst }));
}

/** The tail spliced into a relayed frame for one sender: `,"src":"<id>"}`. Computed once per client. */
export function srcSuffixFor(id: string): string {
  return `,"src":${JSON.stringify(id)}}`;
}

export const OPEN_TEXT = JSON.stringify({ type: MessageType.OPEN });

export function errorText(msg: string): string {
  return JSON.stringify({ type: MessageType.ERROR, payload: { msg } });
}

export const ID_TAKEN_TEXT = JSON.stringify({ type: MessageType.ID_TAKEN, payload: { msg: ErrorText.ID_TAKEN } });

/** EXPIRE to `dst` (the sender whose messages expired), from the absent peer `src`. */
export function expireText(src: string, dst: string): string {
  return JSON.stringify({ type: MessageType.EXPIRE, src, dst });
}

export type { MessageTypeName };
