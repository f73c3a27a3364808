import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BURST_SECONDS, FLOOD_GAP_MS, FRAMES_PER_TURN, Inflow, TokenBucket, Turns, type InflowLimits } from '../../../src/core/budget.js';

describe('TokenBucket', () => {
  it('starts full, goes into debt, refills at its rate up to its burst', () => {
    const b = new TokenBucket(100, 200, 0);
    expect(b.level(0)).toBe(200);
    expect(b.take(250, 0)).toBe(-50);
    expect(b.msUntilClear(0)).toBe(500);
    expect(b.level(250)).toBe(-25);
    expect(b.msUntilClear(500)).toBe(0);
    expect(b.level(500)).toBe(0);
    expect(b.level(60_000)).toBe(200); // never more than the burst
  });

  it('ignores a clock that goes backwards', () => {
    const b = new TokenBucket(10, 10, 1000);
    b.take(10, 1000);
    expect(b.level(500)).toBe(0);
    expect(b.level(1100)).toBe(1);
  });
});

/** A socket stand-in that records pause/resume. */
function fakeSocket(): { pause: () => void; resume: () => void; paused: boolean; pauses: number } {
  const s = {
    paused: false,
    pauses: 0,
    pause() {
      s.paused = true;
      s.pauses += 1;
    },
    resume() {
      s.paused = false;
    },
  };
  return s;
}

const frame = (n: number): Buffer => Buffer.from(`{"type":"HEARTBEAT","n":${n}}`);

function setup(limits: Partial<InflowLimits> = {}) {
  const socket = fakeSocket();
  const got: number[] = [];
  let floods = 0;
  const inflow = new Inflow(
    socket,
    { frameRate: 0, byteRate: 0, floodTimeout: 0, ...limits },
    new Turns(),
    (data) => got.push(Number(/"n":(\d+)/.exec(data.toString())![1])),
    () => {
      floods += 1;
    },
    Date.now(),
  );
  return { socket, got, inflow, floods: () => floods };
}

describe('Inflow backlog', () => {
  it('keeps copies of the frames it holds, not views of the read they came in (which would keep it allocated)', async () => {
    const socket = fakeSocket();
    // One read carrying 3 turns' worth of frames, handed over as ws does: views of that read.
    const frames = Array.from({ length: FRAMES_PER_TURN * 3 }, (_, n) => frame(n));
    const read = Buffer.concat(frames);
    const got: { text: string; viewOfRead: boolean }[] = [];
    const inflow = new Inflow(
      socket,
      { frameRate: 0, byteRate: 0, floodTimeout: 0 },
      new Turns(),
      (data) => got.push({ text: data.toString(), viewOfRead: data.buffer === read.buffer }),
      () => {},
      Date.now(),
    );
    let at = 0;
    for (const f of frames) {
      inflow.push(read.subarray(at, at + f.length), false);
      at += f.length;
    }
    expect(socket.paused).toBe(true);
    for (let turn = 0; turn < 10 && inflow.pending > 0; turn++) await new Promise((r) => setImmediate(r));
    expect(socket.paused).toBe(false);
    expect(got.map((g) => g.text)).toEqual(frames.map((f) => f.toString()));
    // The first turn's frames are handled as they came; the held ones are copies.
    expect(got.map((g) => g.viewOfRead)).toEqual(frames.map((_, n) => n < FRAMES_PER_TURN));
  });
});

describe('Inflow', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'Date'], now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands frames within budget straight over, without pausing', () => {
    const { socket, got, inflow } = setup({ frameRate: 100, byteRate: 100_000 });
    for (let i = 0; i < 10; i++) inflow.push(frame(i), false);
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(socket.pauses).toBe(0);
    expect(inflow.throttled).toBe(false);
  });

  it('caps the frames handled per turn; the rest follow in later turns, in order, then the socket resumes', async () => {
    const { socket, got, inflow } = setup();
    const n = FRAMES_PER_TURN * 3 + 5;
    for (let i = 0; i < n; i++) inflow.push(frame(i), false);
    expect(got.length).toBe(FRAMES_PER_TURN);
    expect(socket.paused).toBe(true);
    expect(inflow.pending).toBe(n - FRAMES_PER_TURN);
    await vi.advanceTimersByTimeAsync(0);
    expect(got.length).toBe(FRAMES_PER_TURN * 2); // one more share in the next turn, not everything
    // (fake timers run a setImmediate scheduled inside one only when the clock moves)
    for (let turn = 0; turn < 10 && inflow.pending > 0; turn++) await vi.advanceTimersByTimeAsync(1);
    expect(got).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(socket.paused).toBe(false);
    expect(inflow.pending).toBe(0);
  });

  it('pauses a socket over its frame budget until the bucket refills, then delivers what waited, in order', async () => {
    const rate = 10;
    const { socket, got, inflow } = setup({ frameRate: rate });
    const burst = rate * BURST_SECONDS;
    for (let i = 0; i < burst + 5; i++) inflow.push(frame(i), false);
    expect(got.length).toBe(burst);
    expect(socket.paused).toBe(true);
    expect(inflow.throttled).toBe(true);
    // 5 frames of debt at 10/s: clear after 500 ms, not before.
    await vi.advanceTimersByTimeAsync(450);
    expect(got.length).toBe(burst);
    await vi.advanceTimersByTimeAsync(200);
    expect(got).toEqual(Array.from({ length: burst + 5 }, (_, i) => i));
    expect(socket.paused).toBe(false);
    expect(inflow.throttles).toBe(1);
  });

  it('counts bytes too: a few big frames over the byte budget pause the socket', async () => {
    const { socket, got, inflow } = setup({ byteRate: 1000 });
    const big = Buffer.from(`{"type":"OFFER","n":1,"pad":"${'x'.repeat(900)}"}`);
    inflow.push(big, false);
    inflow.push(big, false);
    expect(socket.paused).toBe(false);
    inflow.push(big, false); // 2,7xx bytes over a 2,000-byte burst
    expect(socket.paused).toBe(true);
    expect(got.length).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(got.length).toBe(3);
    expect(socket.paused).toBe(false);
  });

  it('reports a socket that keeps flooding after flood_timeout, once, and delivers nothing after', async () => {
    const { socket, got, inflow, floods } = setup({ frameRate: 100, floodTimeout: 2000 });
    let sent = 0;
    // A client that sends 100 frames each time it is read (as a paused socket is not read, only then)
    // every 10 ms: 10,000/s, far over 100/s.
    const t0 = Date.now();
    while (floods() === 0 && Date.now() - t0 < 10_000) {
      if (!socket.paused) for (let i = 0; i < 100; i++) inflow.push(frame(sent++), false);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(floods()).toBe(1);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThan(4000);
    const delivered = got.length;
    // Slowed first: about the budget was handled (burst + rate × time), not what it tried to send.
    expect(delivered).toBeLessThanOrEqual(200 + 100 * (took / 1000) + 100);
    inflow.push(frame(sent++), false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(got.length).toBe(delivered);
    expect(floods()).toBe(1);
  });

  it('never reports a client that goes over its budget now and then (gaps longer than FLOOD_GAP_MS)', async () => {
    const { got, inflow, floods } = setup({ frameRate: 100, floodTimeout: 2000 });
    let sent = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 250; i++) inflow.push(frame(sent++), false);
      await vi.advanceTimersByTimeAsync(FLOOD_GAP_MS + 2000);
    }
    expect(floods()).toBe(0);
    expect(got.length).toBe(sent);
  });

  it('with no limits it never throttles', () => {
    const { socket, inflow } = setup();
    const big = Buffer.from(`{"type":"OFFER","n":1,"pad":"${'x'.repeat(100_000)}"}`);
    for (let i = 0; i < FRAMES_PER_TURN; i++) inflow.push(big, false);
    expect(socket.pauses).toBe(0);
    expect(inflow.throttled).toBe(false);
  });

  it('close() drops what waited and stops deliveries', async () => {
    const { got, inflow } = setup({ frameRate: 10 });
    for (let i = 0; i < 30; i++) inflow.push(frame(i), false);
    inflow.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(got.length).toBe(20);
    inflow.push(frame(99), false);
    expect(got.length).toBe(20);
  });
});

describe('Turns of the engine (one read while light, the whole event-loop iteration once a socket is busy)', () => {
  const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));
  const nextIteration = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('ends a light turn with the I/O callback, so the loop is left free to block in poll', async () => {
    const turns = new Turns(process.nextTick);
    const first = turns.current();
    await nextTick();
    expect(turns.current()).not.toBe(first);
  });

  it('keeps a stretched turn until the end of the event-loop iteration', async () => {
    const turns = new Turns(process.nextTick);
    const first = turns.current();
    turns.stretch();
    await nextTick();
    expect(turns.current()).toBe(first);
    await nextIteration();
    expect(turns.current()).not.toBe(first);
  });

  it('pauses a socket whose frames come in many reads of one iteration (libuv reads a busy socket up to 32 times per iteration)', async () => {
    const socket = fakeSocket();
    const got: number[] = [];
    const inflow = new Inflow(socket, { frameRate: 0, byteRate: 0, floodTimeout: 0 }, new Turns(process.nextTick), (data) => got.push(data.length), () => undefined, Date.now());
    // Ten reads of 20 frames, each its own callback (a nextTick between them), all in one iteration.
    for (let read = 0; read < 10 && !socket.paused; read++) {
      for (let i = 0; i < 20; i++) inflow.push(frame(read * 20 + i), false);
      await nextTick();
    }
    expect(socket.paused).toBe(true);
    expect(got.length).toBe(FRAMES_PER_TURN);
    await nextIteration();
    await nextIteration();
    expect(got.length).toBeGreaterThan(FRAMES_PER_TURN);
    inflow.close();
  });
});
