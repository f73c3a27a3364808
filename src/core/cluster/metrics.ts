/**
 * The cluster's figures for the dashboard (the Cluster view): cross-instance relay latency, message
 * rates, this instance's link to Redis, and what every instance publishes about itself.
 *
 * Cross-instance latency, the method: every frame handed to another instance carries the time its
 * sender routed it, on Redis's clock (`stamp()`); the receiving instance records arrival time − that
 * stamp, also on Redis's clock (`arrived()`), in a bounded log-bucket histogram. Instances may run on
 * different machines, so neither reads its own wall clock: each one estimates the offset of a local
 * monotonic clock (`performance.timeOrigin + performance.now()`) to Redis `TIME` the NTP way, keeping,
 * of its last CLOCK_SAMPLES round trips (one per lease renewal), the one with the shortest round trip:
 * offset = redisTime − (t0 + t1) / 2, wrong by at most half that round trip. A latency is therefore
 * wrong by at most the sum of the two instances' half round trips (typically well under a millisecond
 * on a LAN); a negative result (offset error) counts as 0. Frames that waited in a Redis queue for an
 * absent id are not measured (that is queueing, not relay).
 *
 * Per-instance figures: each instance publishes its own (`PublishedReport`) under `P stats:<inst>` with
 * every lease renewal (expiring after 3 leases, so a dead instance's figures go with it); `view()`
 * reads them all with the registry in one script (VIEW) and merges the latency histograms (percentiles
 * are never averaged).
 */
import { hostname } from 'node:os';
import type { ClusterStatus } from './node.js';
import { MAX_LISTED_IDS, type ClusterInstanceView, type ClusterView, type InstanceRates, type LatencySummary, type RedisLinkState } from './view.js';

/** Lower bound of the first latency bucket, ms; bucket i ends at LATENCY_MIN_MS × LATENCY_RATIO^i. */
export const LATENCY_MIN_MS = 0.1;
/** Ratio between bucket bounds: a percentile is at most 25 % above the true value. */
export const LATENCY_RATIO = 1.25;
/** Buckets: up to about 60 s (anything slower lands in the last one). */
export const LATENCY_BUCKETS = 61;
/** Latency percentiles cover the last LATENCY_WINDOW_MS to twice that (two rotating halves). */
export const LATENCY_WINDOW_MS = 30_000;
/** Clock samples kept for the offset to Redis (one per lease renewal). */
export const CLOCK_SAMPLES = 8;
/** Rates are counted over about this long. */
export const RATE_WINDOW_MS = 5000;
/** Queues whose messages VIEW counts at most (the number of queues is always exact). */
export const MAX_COUNTED_QUEUES = 10_000;

/** Sparse histogram: [bucket index, count] pairs, ascending. */
export type SparseHistogram = [number, number][];

/** A high-resolution local clock in ms since the epoch (monotonic; not moved by wall-clock steps). */
export function hrNow(): number {
  return performance.timeOrigin + performance.now();
}

export function bucketOf(ms: number): number {
  if (!(ms > LATENCY_MIN_MS)) return 0;
  const i = Math.ceil(Math.log(ms / LATENCY_MIN_MS) / Math.log(LATENCY_RATIO) - 1e-9);
  return Math.min(LATENCY_BUCKETS - 1, i);
}

/** The upper bound of bucket i, ms. */
export function bucketBound(i: number): number {
  return LATENCY_MIN_MS * LATENCY_RATIO ** i;
}

/** The p-th percentile (0 < p ≤ 1) of a histogram: the upper bound of the bucket holding it; null when empty. */
export function percentile(hist: SparseHistogram, p: number): number | null {
  let total = 0;
  for (const [, c] of hist) total += c;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [i, c] of hist) {
    seen += c;
    if (seen >= rank) return round2(bucketBound(i));
  }
  return round2(bucketBound((hist.at(-1) as [number, number])[0]));
}

export function summarize(hist: SparseHistogram): LatencySummary {
  let count = 0;
  for (const [, c] of hist) count += c;
  return { count, p50: percentile(hist, 0.5), p99: percentile(hist, 0.99) };
}

/** Adds histograms (ignores malformed pairs: reports come from other processes). */
export function mergeHistograms(...lists: readonly unknown[]): SparseHistogram {
  const sum = new Map<number, number>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const pair of list as unknown[]) {
      if (!Array.isArray(pair)) continue;
      const [i, c] = pair as unknown[];
      if (!Number.isInteger(i) || typeof c !== 'number' || !(c > 0) || (i as number) < 0 || (i as number) >= LATENCY_BUCKETS) continue;
      sum.set(i as number, (sum.get(i as number) ?? 0) + c);
    }
  }
  return [...sum.entries()].sort((a, b) => a[0] - b[0]);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Latencies of the last LATENCY_WINDOW_MS to 2 × LATENCY_WINDOW_MS: two halves, the older one dropped at each turn. */
export class LatencyHistogram {
  private current = new Uint32Array(LATENCY_BUCKETS);
  private previous = new Uint32Array(LATENCY_BUCKETS);
  private turnedAt: number;

  constructor(
    now: number,
    private readonly windowMs = LATENCY_WINDOW_MS,
  ) {
    this.turnedAt = now;
  }

  record(ms: number, now: number): void {
    this.turn(now);
    const i = bucketOf(ms);
    this.current[i] = (this.current[i] as number) + 1;
  }

  /** Both halves, as a sparse histogram. */
  read(now: number): SparseHistogram {
    this.turn(now);
    const out: SparseHistogram = [];
    for (let i = 0; i < LATENCY_BUCKETS; i += 1) {
      const c = (this.current[i] as number) + (this.previous[i] as number);
      if (c > 0) out.push([i, c]);
    }
    return out;
  }

  private turn(now: number): void {
    const since = now - this.turnedAt;
    if (since < this.windowMs) return;
    if (since >= 2 * this.windowMs) this.previous.fill(0);
    else this.previous.set(this.current);
    this.current.fill(0);
    this.turnedAt = now;
  }
}

/** The offset of the local high-resolution clock to Redis's TIME, from the fastest recent round trip. */
export class ClockOffset {
  private samples: { rtt: number; offset: number }[] = [];
  /** `offset`, kept (it is read for every frame sent to or received from another instance). */
  private best: number | null = null;

  /** A round trip: asked at local t0, Redis said `redisMs`, answered at local t1. */
  sample(t0: number, redisMs: number, t1: number): void {
    if (!(t1 >= t0) || !Number.isFinite(redisMs)) return;
    this.samples.push({ rtt: t1 - t0, offset: redisMs - (t0 + t1) / 2 });
    if (this.samples.length > CLOCK_SAMPLES) this.samples.shift();
    let best: { rtt: number; offset: number } | null = null;
    for (const s of this.samples) if (!best || s.rtt < best.rtt) best = s;
    this.best = best ? best.offset : null;
  }

  /** Redis time − local time, ms; null before the first sample. */
  get offset(): number | null {
    return this.best;
  }

  /** The uncertainty of `offset` (half the round trip it came from), ms. */
  get errorMs(): number | null {
    let best: number | null = null;
    for (const s of this.samples) if (best === null || s.rtt < best) best = s.rtt;
    return best === null ? null : best / 2;
  }
}

/** Cumulative counts at one moment. */
export interface RateCounts {
  local: number;
  crossOut: number;
  crossIn: number;
}

/** Messages per second from cumulative counters sampled now and then (a reset counts as a fresh start). */
export class RateMeter {
  private samples: { t: number; c: RateCounts }[] = [];

  constructor(private readonly windowMs = RATE_WINDOW_MS) {}

  sample(t: number, c: RateCounts): void {
    const last = this.samples.at(-1);
    if (last && (c.local < last.c.local || c.crossOut < last.c.crossOut || c.crossIn < last.c.crossIn)) this.samples = [];
    if (last && t <= last.t) return;
    this.samples.push({ t, c: { ...c } });
    // Keep the newest sample at least `windowMs` old, and those after it.
    while (this.samples.length > 2 && t - (this.samples[1] as { t: number }).t >= this.windowMs) this.samples.shift();
  }

  /** Rates over the span of the kept samples; null until two samples exist. */
  rates(): InstanceRates | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.t <= first.t) return null;
    const s = (last.t - first.t) / 1000;
    const r = (k: keyof RateCounts) => Math.round(((last.c[k] - first.c[k]) / s) * 10) / 10;
    return { local: r('local'), crossOut: r('crossOut'), crossIn: r('crossIn') };
  }
}

/** What each instance publishes about itself with every lease renewal (`P stats:<inst>`, JSON). */
export interface PublishedReport {
  v: 1;
  host: string;
  about: string;
  /** Its uptime, ms, at `at`. */
  upMs: number;
  /** Redis time of the report, ms. */
  at: number;
  leaseMs: number;
  clients: number;
  rates: InstanceRates | null;
  lat: SparseHistogram;
  takeovers: number;
  reaped: number;
}

/** What the metrics read from the engine (set by joinCluster). */
export interface MetricsSource {
  /** Clients connected to this instance. */
  clients(): number;
  /** Relayed messages (OFFER, ANSWER, CANDIDATE, LEAVE) delivered to this instance's clients so far. */
  delivered(): number;
}

/** The few Redis commands the metrics use (an ioredis client). */
export interface MetricsRedis {
  time(): Promise<unknown>;
  set(key: string, value: string, mode: 'PX', ms: number): Promise<unknown>;
}

export type ScriptRunner = (script: string, args: (string | number)[]) => Promise<unknown>;

/**
 * Everything the Cluster view needs of Redis in one read. ARGV: P, maxListed, maxCountedQueues.
 * Returns JSON: {now, inst: [[id, leaseDeadline, about, since, ids, [listed...], statsJson]...],
 * queues, queued, qbytes}.
 */
export const VIEW = `local P, maxListed, maxQueues = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local live = redis.call('ZRANGEBYSCORE', P .. 'inst', now, '+inf', 'WITHSCORES')
local inst = {}
for j = 1, #live, 2 do
  local id = live[j]
  local held = P .. 'held:' .. id
  local n = redis.call('SCARD', held)
  local listed
  if n <= maxListed then listed = redis.call('SMEMBERS', held) else listed = redis.call('SRANDMEMBER', held, maxListed) end
  local info = redis.call('HMGET', P .. 'info:' .. id, 'about', 'since')
  inst[#inst + 1] = {id, tonumber(live[j + 1]), info[1] or '', tonumber(info[2] or '0'), n, listed, redis.call('GET', P .. 'stats:' .. id) or ''}
end
local queued = 0
for _, id in ipairs(redis.call('ZRANGE', P .. 'qidx', 0, maxQueues - 1)) do queued = queued + redis.call('LLEN', P .. 'q:' .. id) end
return cjson.encode({now = now, inst = inst, queues = redis.call('ZCARD', P .. 'qidx'), queued = queued, qbytes = tonumber(redis.call('GET', P .. 'qbytes') or '0')})`;

interface ViewReply {
  now: number;
  inst: unknown[];
  queues: number;
  queued: number;
  qbytes: number;
}

/** The dashboard's figures of one cluster node. */
export class ClusterMetrics {
  readonly clock = new ClockOffset();
  readonly latency = new LatencyHistogram(Date.now());
  private readonly meter = new RateMeter();
  private readonly startedAt: number;
  private readonly host = hostname();
  private link: { word: RedisLinkState; since: number; why: string } = { word: 'connecting', since: Date.now(), why: 'connecting to Redis' };
  source: MetricsSource | null = null;
  /** Date.now() at the last `arrival()`. */
  private arrivalWall = 0;

  /** `now`: the local high-resolution clock (a test gives each instance a clock of its own). */
  constructor(private readonly now: () => number = hrNow) {
    this.startedAt = now();
  }

  /** The send stamp of a frame routed now (Redis time, 0.1 ms), or null before the clock is known. */
  stamp(): number | null {
    const offset = this.clock.offset;
    return offset === null ? null : Math.round((this.now() + offset) * 10) / 10;
  }

  /** A frame from another instance arrived here with its sender's stamp (anything but a number is not measured). */
  arrived(stamp: unknown): void {
    const arrival = this.arrival();
    if (typeof stamp !== 'number' || arrival === null) return;
    this.record(arrival, stamp);
  }

  /**
   * Now on Redis's clock: the arrival time of a message from another instance (for `record`, once per
   * message, not per frame), or null before the clock is known.
   */
  arrival(): number | null {
    const offset = this.clock.offset;
    if (offset === null) return null;
    this.arrivalWall = Date.now();
    return this.now() + offset;
  }

  /** A frame stamped `stamp` by its sender arrived at `arrival` (both on Redis's clock, from the last `arrival()`). */
  record(arrival: number, stamp: number): void {
    this.latency.record(Math.max(0, arrival - stamp), this.arrivalWall);
  }

  /** The node's state changed (ClusterNode.setState): remember since when, and why. */
  noted(state: ClusterStatus, why?: string): void {
    const word = linkWord(state);
    if (word !== this.link.word) this.link = { word, since: Date.now(), why: why ?? this.link.why };
    else if (why !== undefined) this.link = { ...this.link, why };
  }

  /** After a lease renewal: one clock sample (Redis TIME, µs), then this instance's figures for the others. */
  async publish(redis: MetricsRedis, key: string, leaseMs: number, state: ClusterStatus, about: string): Promise<void> {
    const t0 = this.now();
    const time = (await redis.time()) as unknown[];
    const t1 = this.now();
    this.clock.sample(t0, Number(time[0]) * 1000 + Number(time[1]) / 1000, t1);
    const report = this.report(state, leaseMs, about);
    if (report) await redis.set(key, JSON.stringify(report), 'PX', 3 * leaseMs);
  }

  /** This instance's figures now (null before its clock is known). */
  report(state: ClusterStatus, leaseMs: number, about: string): PublishedReport | null {
    const offset = this.clock.offset;
    if (offset === null) return null;
    const now = this.now();
    this.sampleRates(state, now);
    return {
      v: 1,
      host: this.host,
      about,
      upMs: Math.round(now - this.startedAt),
      at: Math.round(now + offset),
      leaseMs,
      clients: this.source?.clients() ?? 0,
      rates: this.meter.rates(),
      lat: this.latency.read(Date.now()),
      takeovers: state.takeovers,
      reaped: state.reaped,
    };
  }

  /**
   * The Cluster view: the registry and every instance's published figures from Redis (`run` runs a
   * script), this instance's own figures fresh. When Redis cannot be asked, this instance alone.
   */
  async view(run: ScriptRunner | null, state: ClusterStatus, address: string, about: string, leaseMs: number): Promise<ClusterView> {
    this.noted(state);
    const now = this.now();
    this.sampleRates(state, now);
    const selfLatency = this.latency.read(Date.now());
    const self: ClusterInstanceView = {
      id: state.instance,
      self: true,
      host: this.host,
      about,
      uptimeMs: Math.round(now - this.startedAt),
      leaseAgeMs: null,
      leaseLeftMs: null,
      ids: null,
      listed: [],
      clients: this.source?.clients() ?? null,
      rates: this.meter.rates(),
      latency: summarize(selfLatency),
      takeovers: state.takeovers,
      reaped: state.reaped,
      reportAgeMs: 0,
    };
    const view: ClusterView = {
      instance: state.instance,
      redis: { address, state: this.link.word, since: this.link.since, why: this.link.why, rttMs: state.rttMs },
      latency: summarize(selfLatency),
      registry: null,
      queued: null,
      takeovers: state.takeovers,
      reaped: state.reaped,
      instances: [self],
      at: Date.now(),
    };
    if (!run) return view;
    let reply: ViewReply;
    try {
      reply = JSON.parse(String(await run(VIEW, [MAX_LISTED_IDS, MAX_COUNTED_QUEUES]))) as ViewReply;
    } catch {
      return view;
    }
    const others: ClusterInstanceView[] = [];
    const histograms: unknown[] = [selfLatency];
    let registry = 0;
    for (const row of Array.isArray(reply.inst) ? reply.inst : []) {
      if (!Array.isArray(row)) continue;
      const [id, deadline, aboutText, , ids, listed, statsText] = row as unknown[];
      if (typeof id !== 'string') continue;
      const held = Number(ids) || 0;
      registry += held;
      const names = Array.isArray(listed) ? (listed as unknown[]).filter((x): x is string => typeof x === 'string').sort() : [];
      const leaseLeftMs = Math.max(0, Number(deadline) - reply.now);
      if (id === state.instance) {
        Object.assign(self, { ids: held, listed: names, leaseLeftMs, leaseAgeMs: Math.max(0, leaseMs - leaseLeftMs) });
        continue;
      }
      const r = parseReport(statsText);
      if (r) histograms.push(r.lat);
      view.takeovers += r?.takeovers ?? 0;
      view.reaped += r?.reaped ?? 0;
      others.push({
        id,
        self: false,
        host: r?.host ?? hostOf(id),
        about: r?.about ?? String(aboutText ?? ''),
        uptimeMs: r ? r.upMs + Math.max(0, reply.now - r.at) : null,
        leaseAgeMs: r ? Math.max(0, r.leaseMs - leaseLeftMs) : null,
        leaseLeftMs,
        ids: held,
        listed: names,
        clients: r?.clients ?? null,
        rates: r?.rates ?? null,
        latency: r ? summarize(mergeHistograms(r.lat)) : null,
        takeovers: r?.takeovers ?? null,
        reaped: r?.reaped ?? null,
        reportAgeMs: r ? Math.max(0, reply.now - r.at) : null,
      });
    }
    others.sort((a, b) => (a.about < b.about ? -1 : a.about > b.about ? 1 : a.id < b.id ? -1 : 1));
    view.instances = [self, ...others];
    view.registry = registry;
    view.queued = { messages: Number(reply.queued) || 0, bytes: Math.max(0, Number(reply.qbytes) || 0), ids: Number(reply.queues) || 0 };
    view.latency = summarize(mergeHistograms(...histograms));
    return view;
  }

  private sampleRates(state: ClusterStatus, now: number): void {
    const delivered = this.source?.delivered() ?? 0;
    this.meter.sample(now, { local: Math.max(0, delivered - state.framesIn), crossOut: state.framesOut, crossIn: state.framesIn });
  }
}

/** The word for a node's state: connected, degraded (lease still held), fenced (lease lapsed), ... */
export function linkWord(state: Pick<ClusterStatus, 'state' | 'fenced'>): RedisLinkState {
  switch (state.state) {
    case 'ok':
      return state.fenced ? 'fenced' : 'connected';
    case 'degraded':
      return state.fenced ? 'fenced' : 'degraded';
    default:
      return state.state;
  }
}

/** The host part of an instance id (`<host>-<pid>-<random>`). */
function hostOf(id: string): string {
  return id.replace(/-\d+-[0-9a-f]+$/, '');
}

export function parseReport(text: unknown): PublishedReport | null {
  if (typeof text !== 'string' || text === '') return null;
  try {
    const r = JSON.parse(text) as Partial<PublishedReport> | null;
    if (!r || r.v !== 1 || typeof r.at !== 'number' || typeof r.upMs !== 'number' || typeof r.leaseMs !== 'number') return null;
    const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
    const rates = r.rates && typeof r.rates === 'object' ? { local: num(r.rates.local), crossOut: num(r.rates.crossOut), crossIn: num(r.rates.crossIn) } : null;
    return {
      v: 1,
      host: typeof r.host === 'string' ? r.host : '',
      about: typeof r.about === 'string' ? r.about : '',
      upMs: r.upMs,
      at: r.at,
      leaseMs: r.leaseMs,
      clients: num(r.clients),
      rates,
      lat: mergeHistograms(r.lat),
      takeovers: num(r.takeovers),
      reaped: num(r.reaped),
    };
  } catch {
    return null;
  }
}
