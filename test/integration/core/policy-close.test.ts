/**
 * A socket closed for a policy breach (here: too many invalid frames) costs the server nothing more: what
 * it sends after the close is not handled, not read by the fair-share gate, and not even parsed by `ws`
 * (signaling.ts closeForPolicy, budget.ts Inflow.close, cut.ts). Frames are counted where `ws` emits them
 * (Receiver 'message', in this process), so a frame parsed and then dropped counts too.
 */
import { createRequire } from 'node:module';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../helpers/server.js';
import { sleep } from '../../helpers/ws-client.js';

/** One masked text frame (zero mask: the payload goes as it is), as a client sends it. */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const n = payload.length;
  const header = n < 126 ? Buffer.from([0x81, 0x80 | n, 0, 0, 0, 0]) : Buffer.from([0x81, 0x80 | 126, n >> 8, n & 0xff, 0, 0, 0, 0]);
  return Buffer.concat([header, payload]);
}

/** A client on a raw TCP socket: one write may carry thousands of frames, as a flooder's does. */
interface RawClient {
  socket: net.Socket;
  /** The close frame's code once the server's close frame came, else null. */
  closeCode: () => number | null;
  closedFrame: Promise<number>;
}

function rawClient(port: number, id: string): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let rest = Buffer.alloc(0);
    let upgraded = false;
    let code: number | null = null;
    let gotClose: (code: number) => void = () => undefined;
    const closedFrame = new Promise<number>((r) => (gotClose = r));
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write(
        `GET /peerjs?key=peerjs&id=${id}&token=t HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.on('data', (chunk: Buffer) => {
      rest = Buffer.concat([rest, chunk]);
      if (!upgraded) {
        const end = rest.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!rest.subarray(0, end).toString().startsWith('HTTP/1.1 101')) return reject(new Error(rest.toString()));
        upgraded = true;
        rest = rest.subarray(end + 4);
      }
      // Server frames are unmasked and short here (OPEN, the close frame).
      while (rest.length >= 2) {
        const len = rest[1]! & 0x7f;
        if (rest.length < 2 + len) break;
        const opcode = rest[0]! & 0x0f;
        const body = rest.subarray(2, 2 + len);
        rest = rest.subarray(2 + len);
        if (opcode === 0x1 && body.toString().includes('"OPEN"')) resolve({ socket, closeCode: () => code, closedFrame });
        if (opcode === 0x8) {
          code = body.readUInt16BE(0);
          gotClose(code);
        }
      }
    });
  });
}

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;
/** ws's frame parser: the CommonJS entry exports it (not declared by @types/ws); one module instance with the server's. */
const Receiver = (createRequire(import.meta.url)('ws') as { Receiver: { prototype: { emit: Emit } } }).Receiver;

/** Counts the text frames `ws` parses in this process whose text contains `mark`. */
function countParsed(mark: string): { count: () => number; restore: () => void } {
  const proto = Receiver.prototype;
  const original = proto.emit;
  let n = 0;
  proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message' && Buffer.isBuffer(args[0]) && args[0].includes(mark)) n += 1;
    return original.call(this, event, ...args);
  };
  return { count: () => n, restore: () => (proto.emit = original) };
}

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe('a socket closed for a policy breach is not read any more', () => {
  it('the rest of the read that carried the breach, and what was buffered meanwhile, are never parsed', async () => {
    const { port, server } = await startServer();
    const closes: string[] = [];
    server.on('connection-closed', (e) => closes.push(`${e.id}:${e.reason}:${e.code}`));
    const mallory = await rawClient(port, 'mallory');
    const parsed = countParsed('"after"');
    restore = parsed.restore;
    // One write: 60 invalid frames (the 51st closes it), then 3,000 frames (~100 KB: more than one 64 KiB
    // read) that nobody will ever handle.
    const invalid = Array.from({ length: 60 }, () => frame('{"type":"NOPE"}'));
    const after = Array.from({ length: 3000 }, () => frame('{"type":"HEARTBEAT","after":1}'));
    mallory.socket.write(Buffer.concat([...invalid, ...after]));
    expect(await mallory.closedFrame).toBe(1008);
    // The grace period (1 s) passes, the socket is cut: what it had buffered is dropped, not parsed.
    await sleep(1300);
    expect(closes).toEqual(['mallory:invalid-frames:1008']);
    expect(server.stats().malformedTotal).toBe(51);
    // At most the rest of one slice (cut.ts FEED_SLICE_BYTES = 4 KiB, ~110 of these frames) is parsed;
    // without the slicing ws parses the whole 64 KiB read (~1,800), without the discard the rest at the cut.
    expect(parsed.count()).toBeLessThan(200);
    mallory.socket.destroy();
  });

  it('with a rate budget, a socket closed while its gate was throttled is not resumed by the gate (87a0387)', async () => {
    // 100 frames/s, a 200-frame burst. One write of 190 HEARTBEATs and 60 invalid frames: 64 are handled in
    // the first turn, the rest held; the 201st throttles the socket for ~500 ms (shorter than the 1 s grace).
    // When the throttle ends, the gate's drain hands over the held frames and the 51st invalid one closes
    // the socket. Before 87a0387 the close only paused the socket, and the drain went on to resume it.
    const { port, server } = await startServer({ max_frame_rate: 100, max_byte_rate: 0 });
    const closes: string[] = [];
    server.on('connection-closed', (e) => closes.push(`${e.id}:${e.reason}:${e.code}`));
    const mallory = await rawClient(port, 'mallory');
    const parsed = countParsed('"late"');
    restore = parsed.restore;
    const heartbeats = Array.from({ length: 190 }, () => frame('{"type":"HEARTBEAT"}'));
    const invalid = Array.from({ length: 60 }, () => frame('{"type":"NOPE"}'));
    const t0 = Date.now();
    mallory.socket.write(Buffer.concat([...heartbeats, ...invalid]));
    expect(await mallory.closedFrame).toBe(1008);
    // The close came from the throttled gate's drain (after the ~500 ms throttle), not from the first turn.
    expect(Date.now() - t0).toBeGreaterThan(300);
    // After the close frame came, it goes on sending, a little at a time, for most of the grace period.
    const late = frame('{"type":"HEARTBEAT","late":1}');
    for (let i = 0; i < 35; i += 1) {
      if (mallory.socket.destroyed) break;
      mallory.socket.write(Buffer.concat(Array.from({ length: 20 }, () => late)));
      await sleep(20);
    }
    await sleep(500);
    expect(closes).toEqual(['mallory:invalid-frames:1008']);
    expect(server.stats().malformedTotal).toBe(51);
    // Not one of the frames sent after the close was read and parsed.
    expect(parsed.count()).toBe(0);
    mallory.socket.destroy();
  });
});
