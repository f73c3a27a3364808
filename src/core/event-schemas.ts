/**
 * The event catalogue as zod schemas, for readers of events that did not come from this process (an
 * imported session file). The TypeScript types in ./events.ts stay the documented source; the checks at
 * the end of this file fail to compile when a schema and its type disagree, so adding a field or a kind
 * to an event without its schema (or the other way round) is a type error, not a failed import.
 */
import { z } from 'zod';
import type { CloseReason, MessageTypeName, PeerInfo, ProtocolErrorCode, RefuseReason, ServerEvent } from './events.js';
import { DROP_REASONS, MESSAGE_TYPES } from './events.js';

const REFUSE_REASONS = ['missing-params', 'invalid-key', 'invalid-id', 'id-taken', 'concurrent-limit', 'duplicate-params', 'origin-not-allowed'] as const satisfies readonly RefuseReason[];
const CLOSE_REASONS = ['client', 'timeout', 'replaced', 'kicked', 'server-stop', 'too-large', 'too-slow', 'invalid-frames', 'flooding'] as const satisfies readonly CloseReason[];
const PROTOCOL_ERROR_CODES = ['not-json', 'not-object', 'no-type', 'unknown-type', 'bad-dst', 'too-deep', 'internal'] as const satisfies readonly ProtocolErrorCode[];

const messageType = z.enum(MESSAGE_TYPES as [MessageTypeName, ...MessageTypeName[]]);
const base = { seq: z.number(), time: z.number() };
const nstr = z.string().nullable();

export const peerInfoSchema = z.object({
  id: z.string(),
  remote: z.string(),
  connectedAt: z.number(),
  lastSeen: z.number(),
  messagesIn: z.number(),
  messagesOut: z.number(),
  bytesIn: z.number(),
  bytesOut: z.number(),
  pendingOut: z.number(),
});

export const serverEventSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('server-started'), host: z.string(), port: z.number(), path: z.string() }),
  z.object({ ...base, kind: z.literal('server-stopped') }),
  z.object({ ...base, kind: z.literal('connection-opened'), id: z.string(), remote: z.string(), reconnect: z.boolean() }),
  z.object({ ...base, kind: z.literal('connection-refused'), id: nstr, remote: z.string(), reason: z.enum(REFUSE_REASONS), msg: z.string(), tried: z.string().optional() }),
  z.object({ ...base, kind: z.literal('connection-closed'), id: z.string(), reason: z.enum(CLOSE_REASONS), code: z.number() }),
  z.object({ ...base, kind: z.literal('frame-in'), peer: z.string(), type: nstr, dst: nstr, size: z.number(), frame: z.string() }),
  z.object({ ...base, kind: z.literal('frame-out'), peer: nstr, type: messageType, src: nstr, size: z.number(), frame: z.string() }),
  z.object({ ...base, kind: z.literal('message-queued'), src: z.string(), dst: z.string(), type: messageType, depth: z.number() }),
  z.object({ ...base, kind: z.literal('message-expired'), src: z.string(), dst: z.string(), count: z.number() }),
  z.object({ ...base, kind: z.literal('message-dropped'), src: z.string(), dst: nstr, type: nstr, reason: z.enum(DROP_REASONS) }),
  z.object({ ...base, kind: z.literal('protocol-error'), peer: z.string(), code: z.enum(PROTOCOL_ERROR_CODES), msg: z.string() }),
  z.object({ ...base, kind: z.literal('cluster-status'), status: z.enum(['ok', 'degraded']), detail: z.string() }),
]);

/** True when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compile-time proof that the schemas and the types agree (a mismatch makes `true` unassignable). */
export const EVENT_SCHEMAS_MATCH_TYPES: Same<z.infer<typeof serverEventSchema>, ServerEvent> & Same<z.infer<typeof peerInfoSchema>, PeerInfo> = true;
