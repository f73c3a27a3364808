/**
 * The Cluster view's figures (src/core/cluster/metrics.ts): latency histogram percentiles and window,
 * merging instances' histograms, the clock offset to Redis, one-way latency between two instances whose
 * clocks disagree by an hour, message rates, and the reports read back from other processes.
 */
import { describe, expect, it } from 'vitest';
import {
  bucketBound,
  bucketOf,
  ClockOffset,
  ClusterMetrics,
  LATENCY_BUCKETS,
  LATENCY_WINDOW_MS,
  LatencyHistogram,
  linkWord,
  mergeHistograms,
  parseReport,
  percentile,
  RateMeter,
  summarize,
} from '../../../src/core/cluster/metrics.js';
import type { ClusterStatus } from '../../../src/core/cluster/node.js';

const state = (over: Partial<ClusterStatus> = {}): ClusterStatus => ({ instance: 'me-1-aa', state: 'ok', fenced: false, rttMs: 1, framesOut: 0, framesIn: 0, takeovers: 0, reaped: 0, ...over });

describe('latency histogram', () => {
  it('puts every value in a bucket whose upper bound is at most 25 % above it', () => {
    for (const v of [0.05, 0.1, 0.11, 0.9, 1, 1.3, 7.7, 42, 999, 12_345, 59_000]) {
      const i = bucketOf(v);
      expect(bucketBound(i)).toBeGreaterThanOrEqual(v);
      if (i > 0) expect(bucketBound(i - 1)).toBeLessThan(v);
      if (v >= 0.1) expect(bucketBound(i)).toBeLessThanOrEqual(v * 1.25 + 1e-9);
    }
    expect(bucketOf(-3)).toBe(0);
    expect(bucketOf(Number.NaN)).toBe(0);
    expect(bucketOf(10 * 60_000)).toBe(LATENCY_BUCKETS - 1);
  });

  it('reads p50 and p99 within one bucket of the true percentiles (never below them)', () => {
    const h = new LatencyHistogram(0);
    // 1..1000 ms: true p50 = 500, p99 = 990.
    for (let v = 1; v <= 1000; v += 1) h.record(v, 10);
    const s = summarize(h.read(10));
    expect(s.count).toBe(1000);
    expect(s.p50).toBeGreaterThanOrEqual(500);
    expect(s.p50).toBeLessThanOrEqual(500 * 1.25);
    expect(s.p99).toBeGreaterThanOrEqual(990);
    expect(s.p99).toBeLessThanOrEqual(990 * 1.25);
    // A tail: 98 fast frames, 2 slow ones: p50 stays fast, p99 shows the slow ones.
    const t = new LatencyHistogram(0);
    for (let i = 0; i < 98; i += 1) t.record(0.8, 1);
    t.record(250, 1);
    t.record(260, 1);
    const ts = summarize(t.read(1));
    expect(ts.p50).toBeLessThan(1);
    expect(ts.p99).toBeGreaterThanOrEqual(260);
    expect(summarize([])).toEqual({ count: 0, p50: null, p99: null });
  });

  it('covers the last window to two windows: older values leave it', () => {
    const h = new LatencyHistogram(0);
    h.record(5, 0);
    expect(summarize(h.read(LATENCY_WINDOW_MS - 1)).count).toBe(1);
    h.record(7, LATENCY_WINDOW_MS + 10); // the first half turns: 5 is now in the older half
    expect(summarize(h.read(LATENCY_WINDOW_MS + 20)).count).toBe(2);
    expect(summarize(h.read(2 * LATENCY_WINDOW_MS + 20)).count).toBe(1); // 5 is gone, 7 remains
    expect(summarize(h.read(5 * LATENCY_WINDOW_MS)).count).toBe(0); // long silence: both gone
  });

  it('merges instances by adding their histograms (a percentile is never averaged) and ignores malformed pairs', () => {
    const a = new LatencyHistogram(0);
    const b = new LatencyHistogram(0);
    for (let i = 0; i < 90; i += 1) a.record(1, 0);
    for (let i = 0; i < 10; i += 1) b.record(100, 0);
    const merged = mergeHistograms(a.read(0), b.read(0), 'junk', [[-1, 5], [999, 1], [3, -2], ['x', 1]]);
    expect(summarize(merged).count).toBe(100);
    // Averaging the two p99s would say ~50 ms; the merged distribution's p99 is the slow instance's frames.
    expect(percentile(merged, 0.99)).toBeGreaterThanOrEqual(100);
    expect(percentile(merged, 0.5)).toBeLessThanOrEqual(1.25);
  });
});

describe('clock offset to Redis', () => {
  it('keeps the sample with the shortest round trip: its error is at most half that round trip', () => {
    const c = new ClockOffset();
    expect(c.offset).toBeNull();
    const TRUE = 5_000.25; // Redis time − local time
    // Asymmetric delays (request, answer): slow samples mislead, the fast one is close.
    for (const [up, down] of [[40, 2], [3, 30], [0.3, 0.2], [20, 4]] as const) {
      const t0 = 1000;
      c.sample(t0, t0 + up + TRUE, t0 + up + down);
    }
    expect(Math.abs((c.offset as number) - TRUE)).toBeLessThanOrEqual((c.errorMs as number) + 1e-9);
    expect(c.errorMs).toBeCloseTo(0.25);
    c.sample(5, 1, 4); // answered before it was asked: ignored
    expect(c.errorMs).toBeCloseTo(0.25);
  });

  it('measures one-way latency between two instances whose clocks disagree by an hour', () => {
    let real = 1_700_000_000_000; // the true time
    const redis = () => real + 42; // Redis's clock
    const a = new ClusterMetrics(() => real); // sender: right
    const b = new ClusterMetrics(() => real + 3_600_000); // receiver: an hour ahead
    expect(a.stamp()).toBeNull(); // no clock yet: frames go unstamped
    for (const m of [a, b]) {
      const t0 = (m as unknown as { now: () => number }).now();
      real += 0.2;
      const r = redis();
      real += 0.2;
      m.clock.sample(t0, r, (m as unknown as { now: () => number }).now());
    }
    const stamp = a.stamp();
    real += 3; // 3 ms through Redis
    b.arrived(stamp);
    b.arrived('not a stamp');
    b.arrived(null);
    const s = summarize(b.latency.read(Date.now()));
    expect(s.count).toBe(1);
    expect(s.p50).toBeGreaterThanOrEqual(3 - 0.4); // the offsets' error: half of each 0.4 ms round trip
    expect(s.p50).toBeLessThanOrEqual((3 + 0.4) * 1.25);
  });
});

describe('rates', () => {
  it('counts messages per second over about five seconds, and starts again when counters reset', () => {
    const m = new RateMeter(5000);
    expect(m.rates()).toBeNull();
    m.sample(0, { local: 0, crossOut: 0, crossIn: 0 });
    m.sample(1000, { local: 100, crossOut: 10, crossIn: 5 });
    expect(m.rates()).toEqual({ local: 100, crossOut: 10, crossIn: 5 });
    for (let t = 2000; t <= 20_000; t += 1000) m.sample(t, { local: 100 + (t - 1000) / 10, crossOut: 10, crossIn: 5 });
    // Only the last ~5 s count: local went at 100/s, cross-instance stopped.
    expect(m.rates()).toEqual({ local: 100, crossOut: 0, crossIn: 0 });
    m.sample(21_000, { local: 3, crossOut: 0, crossIn: 0 }); // the server restarted: counters back at 0
    expect(m.rates()).toBeNull();
    m.sample(22_000, { local: 13, crossOut: 2, crossIn: 0 });
    expect(m.rates()).toEqual({ local: 10, crossOut: 2, crossIn: 0 });
  });
});

describe('link state and reports', () => {
  it('names the link: connected, degraded while the lease runs, fenced once it ran out', () => {
    expect(linkWord({ state: 'ok', fenced: false })).toBe('connected');
    expect(linkWord({ state: 'degraded', fenced: false })).toBe('degraded');
    expect(linkWord({ state: 'degraded', fenced: true })).toBe('fenced');
    expect(linkWord({ state: 'connecting', fenced: true })).toBe('connecting');
    const m = new ClusterMetrics();
    m.noted(state({ state: 'degraded' }), 'connection to Redis lost');
    m.noted(state({ state: 'degraded' })); // same word: since and why are kept
    m.noted(state({ state: 'degraded', fenced: true }), 'lease not renewed for 6000 ms');
    const link = (m as unknown as { link: { word: string; why: string } }).link;
    expect(link).toMatchObject({ word: 'fenced', why: 'lease not renewed for 6000 ms' });
  });

  it('publishes its figures once it knows Redis time, and reads others defensively', () => {
    const m = new ClusterMetrics(() => 1000);
    m.source = { clients: () => 3, delivered: () => 50 };
    expect(m.report(state(), 6000, '127.0.0.1:9000')).toBeNull();
    m.clock.sample(999, 5000, 1001);
    const r = m.report(state({ framesIn: 8, takeovers: 1 }), 6000, '127.0.0.1:9000');
    expect(r).toMatchObject({ v: 1, about: '127.0.0.1:9000', at: 5000, clients: 3, leaseMs: 6000, takeovers: 1 });
    expect(parseReport(JSON.stringify(r))).toMatchObject({ clients: 3, at: 5000, about: '127.0.0.1:9000' });
    for (const bad of ['', 'nope', '{}', '{"v":2}', 'null', 7]) expect(parseReport(bad)).toBeNull();
    expect(parseReport(JSON.stringify({ ...r, clients: 'many', lat: [[1, 'x']], rates: 5 }))).toMatchObject({ clients: 0, lat: [], rates: null });
  });
});
