/**
 * WriteCoalescer (src/core/coalesce.ts): frames written to a socket it holds leave in one write when it
 * lets go: on the next tick by default, at the end of the event-loop iteration for frames from other
 * instances (a batch from Redis fans out to many sockets; several batches may arrive in one iteration).
 */
import { Duplex } from 'node:stream';
import { setImmediate as nextIteration } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { WriteCoalescer } from '../../../src/core/coalesce.js';

/** A socket stand-in that records each write it gets as one entry (a writev of n chunks: n). */
function recorder() {
  const writes: number[] = [];
  const socket = new Duplex({
    read() {},
    write(_chunk, _enc, cb) {
      writes.push(1);
      cb();
    },
    writev(chunks, cb) {
      writes.push(chunks.length);
      cb();
    },
  });
  return { socket, writes };
}

const tick = () => new Promise<void>((r) => process.nextTick(r));

describe('write coalescer', () => {
  it('by default lets go on the next tick: writes of two ticks leave in two writes', async () => {
    const c = new WriteCoalescer();
    const { socket, writes } = recorder();
    c.hold(socket);
    socket.write('a');
    socket.write('b');
    await tick();
    c.hold(socket);
    socket.write('c');
    await nextIteration();
    expect(writes).toEqual([2, 1]);
  });

  it('held to the end of the iteration: writes of several ticks (batches from Redis) leave in one write', async () => {
    const c = new WriteCoalescer((fn) => setImmediate(fn));
    const { socket, writes } = recorder();
    c.hold(socket);
    socket.write('a');
    await tick();
    c.hold(socket);
    socket.write('b');
    await tick();
    c.hold(socket);
    socket.write('c');
    expect(writes).toEqual([]);
    expect(socket.writableCorked).toBe(1);
    await nextIteration();
    expect(writes).toEqual([3]);
    expect(socket.writableCorked).toBe(0);
  });
});
