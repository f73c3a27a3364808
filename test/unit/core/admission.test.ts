import type { IncomingMessage } from 'node:http';
import { PassThrough, type Duplex } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { UPGRADE_MS_PER_TURN, UPGRADES_PER_TURN, UpgradeBatcher } from '../../../src/core/admission.js';

const req = (n: number) => ({ url: `/peerjs?id=${n}` }) as IncomingMessage;

describe('UpgradeBatcher', () => {
  it('handles at most UPGRADES_PER_TURN upgrades per turn, in arrival order, and all of them in the end', async () => {
    const handled: string[] = [];
    const perTurn: number[] = [];
    let thisTurn = 0;
    const b = new UpgradeBatcher((r) => {
      handled.push(r.url as string);
      thisTurn += 1;
    });
    const sockets: Duplex[] = [];
    const n = UPGRADES_PER_TURN * 4 + 3;
    for (let i = 0; i < n; i++) {
      const s = new PassThrough();
      sockets.push(s);
      b.push(req(i), s, Buffer.alloc(0));
    }
    perTurn.push(thisTurn);
    expect(handled.length).toBe(UPGRADES_PER_TURN);
    expect(b.pending).toBe(n - UPGRADES_PER_TURN);
    // Waiting sockets are paused until their turn.
    expect(sockets[n - 1]!.isPaused()).toBe(true);
    for (let t = 0; t < 20 && b.pending > 0; t++) {
      thisTurn = 0;
      await nextTurn();
      perTurn.push(thisTurn);
    }
    expect(handled).toEqual(Array.from({ length: n }, (_, i) => `/peerjs?id=${i}`));
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(UPGRADES_PER_TURN);
    expect(perTurn.filter((k) => k > 0).length).toBeGreaterThanOrEqual(5);
    expect(sockets[n - 1]!.isPaused()).toBe(false);
  });

  it('skips sockets that closed while waiting; close() destroys the waiting ones', async () => {
    const handled: string[] = [];
    const b = new UpgradeBatcher((r) => handled.push(r.url as string));
    const sockets: Duplex[] = [];
    for (let i = 0; i < UPGRADES_PER_TURN + 10; i++) {
      const s = new PassThrough();
      sockets.push(s);
      b.push(req(i), s, Buffer.alloc(0));
    }
    sockets[UPGRADES_PER_TURN]!.destroy();
    await nextTurn();
    await nextTurn();
    expect(handled).not.toContain(`/peerjs?id=${UPGRADES_PER_TURN}`);
    expect(handled.length).toBe(UPGRADES_PER_TURN + 9);

    const c = new UpgradeBatcher(() => undefined);
    const waiting: Duplex[] = [];
    for (let i = 0; i < UPGRADES_PER_TURN + 5; i++) {
      const s = new PassThrough();
      waiting.push(s);
      c.push(req(i), s, Buffer.alloc(0));
    }
    c.close();
    expect(waiting.slice(UPGRADES_PER_TURN).every((s) => s.destroyed)).toBe(true);
    const late = new PassThrough();
    c.push(req(99), late, Buffer.alloc(0));
    expect(late.destroyed).toBe(true);
  });
});

describe('UpgradeBatcher time budget', () => {
  it('stops a turn once its upgrades took UPGRADE_MS_PER_TURN ms, however few they were', async () => {
    const perTurn: number[] = [];
    let thisTurn = 0;
    // Each upgrade costs 1.5 ms of main-thread time (a slow machine, a cold process).
    const b = new UpgradeBatcher(() => {
      const until = performance.now() + 1.5;
      while (performance.now() < until) {
        // busy
      }
      thisTurn += 1;
    });
    const n = 40;
    for (let i = 0; i < n; i++) b.push(req(i), new PassThrough(), Buffer.alloc(0));
    perTurn.push(thisTurn);
    for (let t = 0; t < 100 && b.pending > 0; t++) {
      thisTurn = 0;
      await nextTurn();
      perTurn.push(thisTurn);
    }
    expect(perTurn.reduce((a, k) => a + k, 0)).toBe(n);
    // ceil(4 ms / 1.5 ms) = 3 per turn at most (the one that crosses the budget still runs), never 32.
    const most = Math.ceil(UPGRADE_MS_PER_TURN / 1.5);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(most);
    expect(perTurn.filter((k) => k > 0).length).toBeGreaterThanOrEqual(Math.ceil(n / most));
  });
});
