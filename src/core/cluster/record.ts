/**
 * A relayed frame as it crosses Redis: a record of bytes,
 *
 *   "<dst bytes>:<src bytes>:<type>:<stamp>:<text bytes>:" <dst> <src> <text>
 *
 * where the lengths count UTF-8 bytes and <text> is the frame exactly as its destination gets it. The
 * stamp is when the sender routed it, on Redis's clock (metrics.ts), or empty for a frame that waited on
 * the way (queueing is not relay latency). A batch is its records concatenated, in order: one argument
 * of ROUTE (scripts.ts), which publishes it to the holder's instance as it is when every frame goes
 * there. Nothing is escaped on the way in, and on the way out only the header is read: the text is cut
 * out of the message received from Redis and handed to the client's socket as it is (no decoding, no
 * re-encoding).
 */
import type { MessageTypeName } from '../events.js';
import type { QueuedFrame } from '../seam.js';

/** A frame on its way to Redis. */
export interface OutgoingRecord {
  src: string;
  dst: string;
  type: string;
  /** The relayed frame's UTF-8 bytes. */
  payload: Buffer;
  /** Send stamp (Redis time, ms), or null when not measured. */
  stamp: number | null;
}

/** One record of a received batch; `payload` is a view into the batch (no copy). */
export interface RecordView {
  dst: string;
  src: string;
  type: MessageTypeName;
  stamp: number | null;
  payload: Buffer;
  /** Where the next record starts. */
  end: number;
}

const COLON = 0x3a;
const DOT = 0x2e;

/** The types a record may carry, by their first letter (the type is checked in full on reading). */
const TYPES: Record<number, MessageTypeName> = {
  0x4f: 'OFFER',
  0x41: 'ANSWER',
  0x43: 'CANDIDATE',
  0x4c: 'LEAVE',
  0x45: 'EXPIRE',
};

/** The records of `frames`, concatenated, in one buffer; `ends`, when given, gets where each record ends. */
export function encodeBatch(frames: readonly OutgoingRecord[], ends?: number[]): Buffer {
  const heads = new Array<string>(frames.length);
  let total = 0;
  for (let i = 0; i < frames.length; i += 1) {
    const f = frames[i] as OutgoingRecord;
    const dl = Buffer.byteLength(f.dst);
    const sl = Buffer.byteLength(f.src);
    const head = `${dl}:${sl}:${f.type}:${f.stamp ?? ''}:${f.payload.length}:${f.dst}${f.src}`;
    heads[i] = head;
    total += head.length - f.dst.length - f.src.length + dl + sl + f.payload.length;
    ends?.push(total);
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < frames.length; i += 1) {
    at += out.write(heads[i] as string, at);
    at += (frames[i] as OutgoingRecord).payload.copy(out, at);
  }
  return out;
}

/**
 * The record starting at `at` in `b`; null if what is there is not one. Only the header is read (a byte
 * loop: this runs for every frame from another instance); the text stays a view into `b`.
 */
export function readRecord(b: Buffer, at: number): RecordView | null {
  const n = b.length;
  let i = at;
  let c = 0;
  // <dst bytes>:<src bytes>:
  let dl = 0;
  for (; i < n && (c = b[i] as number) !== COLON; i += 1) dl = dl * 10 + digit(c);
  if (i === at || i >= n) return null;
  const s0 = (i += 1);
  let sl = 0;
  for (; i < n && (c = b[i] as number) !== COLON; i += 1) sl = sl * 10 + digit(c);
  if (i === s0 || i >= n) return null;
  // <type>: (checked by its first letter and its length)
  const t0 = (i += 1);
  const type = TYPES[b[t0] as number];
  if (type === undefined || b[t0 + type.length] !== COLON) return null;
  // <stamp>: (empty, or digits with an optional fraction)
  i = t0 + type.length + 1;
  const p0 = i;
  let stamp = 0;
  let scale = 0;
  for (; i < n && (c = b[i] as number) !== COLON; i += 1) {
    if (c === DOT && scale === 0) scale = 1;
    else if (scale === 0) stamp = stamp * 10 + digit(c);
    else stamp += digit(c) * (scale /= 10);
  }
  if (i >= n) return null;
  const hasStamp = i > p0;
  // <text bytes>:
  const l0 = (i += 1);
  let tl = 0;
  for (; i < n && (c = b[i] as number) !== COLON; i += 1) tl = tl * 10 + digit(c);
  if (i === l0 || i >= n) return null;
  const d0 = i + 1;
  const start = d0 + dl + sl;
  const end = start + tl;
  // A malformed digit made a length NaN: the comparison fails.
  if (!(end <= n)) return null;
  // Both ids in one decoding; split by characters when they are ASCII (one byte each), as they usually are.
  const ids = b.toString('utf8', d0, start);
  const ascii = ids.length === dl + sl;
  return {
    dst: ascii ? ids.slice(0, dl) : b.toString('utf8', d0, d0 + dl),
    src: ascii ? ids.slice(dl) : b.toString('utf8', d0 + dl, start),
    type,
    stamp: hasStamp && Number.isFinite(stamp) ? stamp : null,
    payload: b.subarray(start, end),
    end,
  };
}

/** The value of an ASCII digit; NaN for any other byte (which makes the number it is part of NaN). */
function digit(c: number): number {
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : Number.NaN;
}

/** A record handed back by a script (a queued frame), as the frame to deliver; null if it is not one. */
export function parseRecord(record: string | Buffer): QueuedFrame | null {
  const f = readRecord(typeof record === 'string' ? Buffer.from(record) : record, 0);
  return f ? { src: f.src, type: f.type, text: f.payload.toString() } : null;
}
