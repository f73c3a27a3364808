/**
 * The first search over a full traffic buffer is as fast as the next ones (issue 11: search over 10,000
 * rows ≤ 100 ms): each row's search text is built once, lazily, and the dashboard builds it in idle
 * time after rows arrive, in short slices, instead of in the first keystroke's frame (128 ms measured).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerEvent } from '../../../src/shared/events.js';
import { EMPTY_FILTER } from '../../../src/renderer/lib/filters.js';
import { DashboardStore } from '../../../src/renderer/state/store.js';
import { TrafficBuffer } from '../../../src/renderer/state/traffic.js';
import { resetClock, sent } from './fixtures/events.js';
import { FakeBridge } from './fixtures/fake-bridge.js';

const burst = (count: number, from = 0): ServerEvent[] =>
  Array.from({ length: count }, (_, i) => sent(`p${(from + i) % 7}`, { type: 'CANDIDATE', dst: 'q', payload: { connectionId: `dc_${from + i}` } }, 0));
const cold = (b: TrafficBuffer) => b.all.filter((r) => r.haystack === '').length;

describe('search text built ahead of the first search', () => {
  beforeEach(() => resetClock());

  it('TrafficBuffer.warmSearch builds rows oldest first, stops when told, resumes, and follows trimming', () => {
    const buffer = new TrafficBuffer(1000);
    buffer.append(burst(600));
    expect(buffer.needsWarming).toBe(true);
    let budget = 3;
    expect(buffer.warmSearch(() => --budget > 0)).toBe(false);
    const warmed = buffer.all.filter((r) => r.haystack !== '').map((r) => r.n);
    expect(warmed.length).toBeGreaterThan(0);
    expect(warmed.length).toBeLessThan(600);
    expect(warmed).toEqual(Array.from({ length: warmed.length }, (_, i) => i + 1));
    expect(buffer.warmSearch(() => true)).toBe(true);
    expect(cold(buffer)).toBe(0);
    expect(buffer.needsWarming).toBe(false);
    // New rows push old ones out of the ring: only the new ones are built.
    buffer.append(burst(900, 600));
    expect(buffer.needsWarming).toBe(true);
    expect(buffer.warmSearch(() => true)).toBe(true);
    expect(cold(buffer)).toBe(0);
    // The text is what the filter searches.
    buffer.setFilter({ ...EMPTY_FILTER, text: 'DC_1499' });
    expect(buffer.view.map((r) => r.n)).toEqual([1500]);
  });

  describe('the store', () => {
    let idle: Array<(d: IdleDeadline) => void>;
    beforeEach(() => {
      idle = [];
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      vi.stubGlobal('requestIdleCallback', (cb: (d: IdleDeadline) => void) => idle.push(cb));
    });
    afterEach(() => {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    });
    const runIdle = () => {
      const now = [...idle];
      idle.length = 0;
      for (const cb of now) cb({ didTimeout: false, timeRemaining: () => 50 });
    };

    it('builds the search text of arriving rows in idle time once the stream is quiet, in slices', async () => {
      const bridge = new FakeBridge();
      bridge.maxEvents = 10_000;
      const store = new DashboardStore(bridge);
      await store.connect();
      bridge.push(burst(5000));
      vi.advanceTimersByTime(200);
      bridge.push(burst(5000, 5000));
      vi.advanceTimersByTime(150);
      // Rows arrived 150 ms ago: still streaming, nothing built.
      expect(idle.length).toBe(1);
      runIdle();
      expect(cold(store.traffic)).toBe(10_000);
      vi.advanceTimersByTime(300);
      expect(idle.length).toBe(1);
      runIdle();
      const afterOne = cold(store.traffic);
      expect(afterOne).toBeLessThan(10_000);
      for (let i = 0; i < 10_000 && idle.length > 0; i++) runIdle();
      expect(cold(store.traffic)).toBe(0);
      expect(idle.length).toBe(0);
      bridge.push(burst(10, 10_000));
      vi.advanceTimersByTime(300);
      expect(idle.length).toBe(1);
      runIdle();
      expect(cold(store.traffic)).toBe(0);
      store.close();
    });
  });
});
