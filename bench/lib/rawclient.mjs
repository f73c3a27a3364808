/**
 * A minimal WebSocket client over a raw TCP socket, for the throughput load generators.
 *
 * The `ws` client costs about as much CPU per message as a server does, so with two cores the generator,
 * not the server, would set the pace. This client sends pre-encoded frames (masked with the all-zero key,
 * which RFC 6455 allows, so the payload bytes are sent as they are), parses the server's unmasked frames
 * in place without copying, and coalesces its writes per socket within a tick (cork, uncork on nextTick).
 * It speaks just enough of RFC 6455 for a PeerJS server: text/binary frames, ping → pong, close.
 */
import net from 'node:net';
import { peerUrl } from './client.mjs';

/** Encodes `payload` (Buffer) as one masked text frame with the zero masking key. */
export function encodeFrame(payload, opcode = 0x1) {
  const n = payload.length;
  let header;
  if (n < 126) {
    header = Buffer.from([0x80 | opcode, 0x80 | n, 0, 0, 0, 0]);
  } else if (n < 65536) {
    header = Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 0xff, 0, 0, 0, 0]);
  } else {
    header = Buffer.alloc(14);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([header, payload]);
}

const corked = [];
let flushScheduled = false;
function flush() {
  flushScheduled = false;
  for (let i = 0; i < corked.length; i++) {
    const c = corked[i];
    c.corked = false;
    c.socket.uncork();
  }
  corked.length = 0;
}

const OPEN_TYPE = Buffer.from('"OPEN"');
const HEADER_END = Buffer.from('\r\n\r\n');

export class RawPeer {
  /**
   * @param onFrame (buf, start, end) for every text/binary frame after OPEN; the bytes are only valid
   *   during the call.
   */
  constructor(port, id, onFrame) {
    this.port = port;
    this.id = id;
    this.onFrame = onFrame;
    this.socket = null;
    this.corked = false;
    this.rest = null;
    this.opened = false;
    this.closed = false;
    /** The code and reason of the server's close frame, once one came. */
    this.closeCode = null;
    this.closeReason = null;
  }

  /** Connects, upgrades and waits for OPEN; resolves with ms from connect() to OPEN. */
  connect(timeoutMs = 15000) {
    const t0 = performance.now();
    const url = new URL(peerUrl(this.port, this.id));
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port: this.port, host: '127.0.0.1' });
      socket.setNoDelay(true);
      this.socket = socket;
      let head = null;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`${this.id}: no OPEN within ${timeoutMs} ms`));
      }, timeoutMs);
      const failEarly = (err) => {
        clearTimeout(timer);
        if (!this.opened) reject(err);
      };
      socket.once('error', failEarly);
      socket.on('close', () => {
        this.closed = true;
        failEarly(new Error(`${this.id}: closed before OPEN`));
      });
      socket.on('connect', () => {
        socket.write(
          `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: 127.0.0.1:${this.port}\r\nUpgrade: websocket\r\n` +
            'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      const onOpenFrame = (buf, start, end) => {
        const frame = buf.subarray(start, end);
        if (frame.indexOf(OPEN_TYPE) < 0) {
          socket.destroy();
          failEarly(new Error(`${this.id}: expected OPEN, got ${frame.toString().slice(0, 200)}`));
          return;
        }
        this.opened = true;
        clearTimeout(timer);
        socket.removeListener('error', failEarly);
        socket.on('error', () => {});
        resolve(performance.now() - t0);
      };
      socket.on('data', (chunk) => {
        if (head !== undefined) {
          head = head === null ? chunk : Buffer.concat([head, chunk]);
          const i = head.indexOf(HEADER_END);
          if (i < 0) {
            if (head.length > 16384) failEarly(new Error(`${this.id}: oversized HTTP response`));
            return;
          }
          const status = head.subarray(0, head.indexOf('\r\n')).toString();
          if (!/^HTTP\/1\.1 101 /.test(status)) {
            socket.destroy();
            failEarly(new Error(`${this.id}: upgrade refused: ${status}`));
            return;
          }
          chunk = head.subarray(i + 4);
          head = undefined;
          if (chunk.length === 0) return;
        }
        this.parse(chunk, onOpenFrame);
      });
    });
  }

  parse(chunk, onOpenFrame) {
    let buf = chunk;
    if (this.rest !== null) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    const len = buf.length;
    let off = 0;
    while (off + 2 <= len) {
      const b0 = buf[off];
      const b1 = buf[off + 1];
      let plen = b1 & 0x7f;
      let hdr = 2;
      if (plen === 126) {
        if (off + 4 > len) break;
        plen = (buf[off + 2] << 8) | buf[off + 3];
        hdr = 4;
      } else if (plen === 127) {
        if (off + 10 > len) break;
        plen = Number(buf.readBigUInt64BE(off + 2));
        hdr = 10;
      }
      if (b1 & 0x80) hdr += 4; // servers never mask; skip the key if one did
      const end = off + hdr + plen;
      if (end > len) break;
      const opcode = b0 & 0x0f;
      if (opcode === 0x1 || opcode === 0x2) {
        if (this.opened) this.onFrame(buf, off + hdr, end);
        else onOpenFrame(buf, off + hdr, end);
      } else if (opcode === 0x9) {
        this.write(encodeFrame(Buffer.from(buf.subarray(off + hdr, end)), 0xa));
      } else if (opcode === 0x8) {
        this.closeCode = plen >= 2 ? buf.readUInt16BE(off + hdr) : 1005;
        this.closeReason = plen > 2 ? buf.toString('utf8', off + hdr + 2, end) : '';
        this.closed = true;
        this.socket.end();
      }
      off = end;
    }
    if (off < len) this.rest = Buffer.from(buf.subarray(off));
  }

  /** Writes an encoded frame; writes to this socket within one tick leave in one syscall. */
  write(frame) {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      corked.push(this);
      if (!flushScheduled) {
        flushScheduled = true;
        process.nextTick(flush);
      }
    }
    this.socket.write(frame);
  }

  /** Sends a close frame and waits (bounded) for the server to close the TCP connection. */
  close(timeoutMs = 3000) {
    if (this.closed || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.write(encodeFrame(Buffer.from([0x03, 0xe8]), 0x8));
    });
  }
}

/** Connects `peers` (RawPeer[]) with at most `concurrency` in flight; resolves with the OPEN times. */
export async function connectRaw(peers, concurrency = 20) {
  const openMs = new Float64Array(peers.length);
  let next = 0;
  async function worker() {
    while (next < peers.length) {
      const i = next++;
      openMs[i] = await peers[i].connect();
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, peers.length) }, worker));
  return openMs;
}
