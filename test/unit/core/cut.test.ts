/** cut.ts: what a socket closed for a policy breach still gets parsed (nothing), on stand-in sockets. */
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { cutUnread, FEED_SLICE_BYTES, feedInSlices } from '../../../src/core/cut.js';

/** A socket with one reader, as ws leaves it after an upgrade; `got` is what the reader was handed. */
function socketWithReader(): { wire: PassThrough; got: Buffer[]; reader: (chunk: Buffer) => void } {
  const wire = new PassThrough();
  const got: Buffer[] = [];
  const reader = function (this: PassThrough, chunk: Buffer): void {
    expect(this).toBe(wire); // ws's reader uses `this` as the socket
    got.push(chunk);
  };
  wire.on('data', reader);
  return { wire, got, reader };
}

describe('feedInSlices', () => {
  it('hands a read over in slices of FEED_SLICE_BYTES, in order, a short read as it is', () => {
    const { wire, got } = socketWithReader();
    feedInSlices(wire, () => false);
    const big = Buffer.alloc(FEED_SLICE_BYTES * 2 + 100, 7);
    wire.emit('data', Buffer.from('short'));
    wire.emit('data', big);
    expect(got.map((b) => b.length)).toEqual([5, FEED_SLICE_BYTES, FEED_SLICE_BYTES, 100]);
    expect(Buffer.concat(got.slice(1)).equals(big)).toBe(true);
  });

  it('hands the last slice of a sliced read over as a copy, so an unfinished frame does not keep the read', () => {
    const { wire, got } = socketWithReader();
    feedInSlices(wire, () => false);
    const big = Buffer.alloc(FEED_SLICE_BYTES * 3 + 10, 9);
    wire.emit('data', big);
    expect(got.map((b) => b.buffer === big.buffer)).toEqual([true, true, true, false]);
    expect(Buffer.concat(got).equals(big)).toBe(true);
  });

  it('stops within a read once stopped, and hands over nothing after', () => {
    const wire = new PassThrough();
    const got: Buffer[] = [];
    let stopped = false;
    // The reader closes the gate while parsing the first slice (the frame that breached the policy).
    wire.on('data', (chunk: Buffer) => {
      got.push(chunk);
      stopped = true;
    });
    feedInSlices(wire, () => stopped);
    wire.emit('data', Buffer.alloc(FEED_SLICE_BYTES * 16));
    wire.emit('data', Buffer.alloc(10));
    expect(got.map((b) => b.length)).toEqual([FEED_SLICE_BYTES]);
  });

  it('removing the reader by reference (ws does, on close) removes the slicer too: nothing parsed twice', () => {
    const { wire, got, reader } = socketWithReader();
    feedInSlices(wire, () => false);
    expect(wire.listenerCount('data')).toBe(1);
    wire.removeListener('data', reader);
    expect(wire.listenerCount('data')).toBe(0);
    wire.emit('data', Buffer.from('after'));
    expect(got).toEqual([]);
  });

  it('leaves a socket with other data listeners alone', () => {
    const { wire, got } = socketWithReader();
    const other: Buffer[] = [];
    wire.on('data', (c: Buffer) => other.push(c));
    feedInSlices(wire, () => true);
    wire.emit('data', Buffer.from('x'));
    expect(got).toHaveLength(1);
    expect(other).toHaveLength(1);
  });
});

describe('cutUnread', () => {
  it('drops what the socket buffered without handing it to the reader, then terminates', () => {
    const { wire, got } = socketWithReader();
    wire.pause();
    wire.write(Buffer.alloc(50_000));
    expect(wire.readableLength).toBeGreaterThan(0);
    const terminate = vi.fn();
    cutUnread({ terminate } as unknown as WebSocket, wire);
    expect(terminate).toHaveBeenCalledOnce();
    expect(got).toEqual([]);
    expect(wire.readableLength).toBe(0);
  });
});
