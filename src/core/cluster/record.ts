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

/** The records of `frames`, concatenated, in one buffer. */
export function encodeBatch(frames: readonly OutgoingRecord[]): Buffer {
  const heads = new Array<string>(frames.length);
  let total = 0;
  for (let i = 0; i < frames.length; i += 1) {
    const f = frames[i] as OutgoingRecord;
    const dl = Buffer.byteLength(f.dst);
    const sl = Buffer.byteLength(f.src);
    const head = `${dl}:${sl}:${f.type}:${f.stamp ?? ''}:${f.payload.length}:${f.dst}${f.src}`;
    heads[i] = head;
    total += head.length - f.dst.length - f.src.length + dl + sl + f.payload.length;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < frames.length; i += 1) {
    at += out.write(heads[i] as string, at);
    at += (frames[i] as OutgoingRecord).payload.copy(out, at);
  }
  return out;
}

/** A decimal number of ASCII digits (with an optional fraction) in b[from, to); NaN if it is not one. */
function decimalAt(b: Buffer, from: number, to: number): number {
  if (from >= to) return Number.NaN;
  let n = 0;
  let i = from;
  for (; i < to; i += 1) {
    const c = (b[i] as number) - 0x30;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  if (i === to) return n;
  if (b[i] !== DOT || i === from || i + 1 === to) return Number.NaN;
  let scale = 1;
  for (i += 1; i < to; i += 1) {
    const c = (b[i] as number) - 0x30;
    if (c < 0 || c > 9) return Number.NaN;
    scale /= 10;
    n += c * scale;
  }
  return n;
}

/** The record starting at `at` in `b`; null if what is there is not one. */
export function readRecord(b: Buffer, at: number): RecordView | null {
  const a = b.indexOf(COLON, at);
  const c1 = a < 0 ? -1 : b.indexOf(COLON, a + 1);
  const c2 = c1 < 0 ? -1 : b.indexOf(COLON, c1 + 1);
  const c3 = c2 < 0 ? -1 : b.indexOf(COLON, c2 + 1);
  const c4 = c3 < 0 ? -1 : b.indexOf(COLON, c3 + 1);
  if (c4 < 0) return null;
  const dl = decimalAt(b, at, a);
  const sl = decimalAt(b, a + 1, c1);
  const tl = decimalAt(b, c3 + 1, c4);
  if (!Number.isSafeInteger(dl) || !Number.isSafeInteger(sl) || !Number.isSafeInteger(tl)) return null;
  const start = c4 + 1 + dl + sl;
  const end = start + tl;
  if (end > b.length) return null;
  const type = TYPES[b[c1 + 1] as number];
  if (type === undefined || c2 - c1 - 1 !== type.length || b.toString('latin1', c1 + 1, c2) !== type) return null;
  const stamp = c2 + 1 === c3 ? null : decimalAt(b, c2 + 1, c3);
  return {
    dst: b.toString('utf8', c4 + 1, c4 + 1 + dl),
    src: b.toString('utf8', c4 + 1 + dl, start),
    type,
    stamp: stamp !== null && Number.isFinite(stamp) ? stamp : null,
    payload: b.subarray(start, end),
    end,
  };
}

/** A record handed back by a script (a queued frame), as the frame to deliver; null if it is not one. */
export function parseRecord(record: string | Buffer): QueuedFrame | null {
  const f = readRecord(typeof record === 'string' ? Buffer.from(record) : record, 0);
  return f ? { src: f.src, type: f.type, text: f.payload.toString() } : null;
}
