/**
 * One instance of a multi-instance server: the engine's Directory and Bus on a shared Redis 7 (ioredis).
 *
 * Lifecycle: `connecting` (until Redis answers and the lease is taken) → `ok` ⇄ `degraded` (Redis
 * unreachable: relaying between this instance's clients goes on; frames for other ids wait in a local
 * queue; new clients are admitted here and claimed in Redis when it returns) → `closed`.
 * Leases: the instance renews its lease every `renew_ms`; when it could not for `lease_ms` it fences
 * itself (it no longer claims anything in Redis; the cluster regards its ids as free) and, once Redis
 * answers again, registers anew and re-claims its clients' ids without taking any over: a client whose
 * id another instance granted meanwhile is closed as replaced.
 */
import { hostname } from 'node:os';
import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { MessageTypeName } from '../events.js';
import type { ClientMessageType } from '../protocol.js';
import { MessageQueues, pairShare, type ExpiredPair } from '../queue.js';
import { LocalBus, type Bus, type ClaimVerdict, type Directory, type QueuedFrame, type RouteResult, type SeamHost } from '../seam.js';
import { ALL_SCRIPTS, CLAIM, EXPIRE, IDS, INSTANCES, LEASE, LEAVE, RELEASE, ROUTE, TAKEN } from './scripts.js';
import { ClusterMetrics } from './metrics.js';
import { encodeBatch, parseRecord, readRecord, type OutgoingRecord } from './record.js';
import type { ClusterView } from './view.js';

export interface ClusterConfig {
  /** redis:// or rediss:// URL of the shared Redis. */
  redis: string;
  /** ms an instance's lease lasts without renewal. Default 6000. */
  lease_ms?: number;
  /** ms between lease renewals. Default lease_ms / 3. */
  renew_ms?: number;
}

export interface ClusterLimits {
  key: string;
  max_queue: number;
  max_queued_bytes: number;
  expire_timeout: number;
  /** What the dashboard shows about this instance (e.g. host:port). */
  about: string;
}

export type ClusterState = 'connecting' | 'ok' | 'degraded' | 'closed';

/** A live instance as Redis knows it. */
export interface ClusterInstance {
  id: string;
  about: string;
  since: number;
  leaseLeftMs: number;
  ids: number;
}

export interface ClusterStatus {
  instance: string;
  state: ClusterState;
  fenced: boolean;
  /** Last lease round trip to Redis, ms. */
  rttMs: number | null;
  framesOut: number;
  framesIn: number;
  takeovers: number;
  reaped: number;
}

/** Frames routed in one script call at most. */
const MAX_BATCH = 1000;
/** Bytes of records in one script call at most (beyond, the batch is cut; a single larger frame goes alone). */
const MAX_BATCH_BYTES = 256 * 1024;
/**
 * Script calls on their way to Redis at once. Each event-loop iteration sends what it routed without
 * waiting for the previous batch's answer (Redis runs them in order on the one connection), so a
 * frame never waits a round trip behind another batch; beyond this, frames gather into the next batch.
 */
const MAX_IN_FLIGHT = 4;
/** Frames waiting for Redis at most (a slow Redis): beyond, they wait in the local queue. */
const MAX_PENDING = 100_000;

interface Outgoing extends OutgoingRecord {
  type: ClientMessageType;
  /** ms the frame had waited before it was handed to Redis (in the local queue while Redis was away). */
  age: number;
}

/** A batch on its way to Redis: its records, where each ends, and the ages of frames that had waited (by index). */
interface SentBatch {
  batch: Buffer;
  ends: number[];
  ages: Map<number, number> | null;
}

/** The frames of a batch sent to Redis, read back from it (its call failed). */
function framesOf(sent: SentBatch): Outgoing[] {
  const out: Outgoing[] = [];
  for (let i = 0, at = 0; i < sent.ends.length; at = sent.ends[i] as number, i += 1) {
    const f = readRecord(sent.batch, at);
    if (f) out.push({ src: f.src, dst: f.dst, type: f.type as ClientMessageType, payload: f.payload, stamp: null, age: sent.ages?.get(i) ?? 0 });
  }
  return out;
}

interface PendingClaim {
  claims: number;
  /** Frames that arrived for the id while its claim was on its way. */
  frames: QueuedFrame[];
  /** Highest generation of a takeover announced meanwhile. */
  kickedBy: number;
}

type Reply = (string | number | null)[];

const shas = new Map<string, string>();
/** A script's SHA1 (computed once per script). */
const sha1 = (text: string): string => {
  let sha = shas.get(text);
  if (sha === undefined) shas.set(text, (sha = createHash('sha1').update(text).digest('hex')));
  return sha;
};
const UNCLAIMED: ClaimVerdict = Object.freeze({ ok: true, generation: 0, queued: Object.freeze([]) });

export class ClusterNode implements Directory, Bus {
  readonly instance = `${hostname().replace(/\s+/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly prefix: string;
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private readonly fallback: LocalBus;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private host: SeamHost | null = null;
  private state: ClusterState = 'connecting';
  private fenced = true;
  private lastLease = 0;
  private rttMs: number | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private renewal: Promise<void> | null = null;
  private expiring = false;
  private batch: Outgoing[] = [];
  /** Script calls sent and not yet answered; `sent` settles once the last one sent is handled. */
  private inFlight = 0;
  private sent: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private readonly pending = new Map<string, PendingClaim>();
  /** Ids of clients here being claimed again after an outage: frames for them wait behind their queue. */
  private readonly reclaiming = new Map<string, QueuedFrame[]>();
  private readonly counters = { framesOut: 0, framesIn: 0, takeovers: 0, reaped: 0 };
  /** The Cluster view's figures (metrics.ts): latency stamps, clock offset to Redis, rates, link state. */
  readonly metrics = new ClusterMetrics();

  constructor(
    config: ClusterConfig,
    private readonly limits: ClusterLimits,
  ) {
    this.prefix = `switchboard:${limits.key}:`;
    this.leaseMs = config.lease_ms ?? 6000;
    this.renewMs = config.renew_ms ?? Math.max(100, Math.floor(this.leaseMs / 3));
    const common = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      // A Redis that accepts but never answers (stalled) counts as down.
      commandTimeout: 5000,
      retryStrategy: (times: number) => Math.min(100 * times, 1000),
    } as const;
    this.cmd = new Redis(config.redis, common);
    this.sub = new Redis(config.redis, { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null });
    // ioredis reports every failed attempt: the state machine below says it once, with a tap event.
    this.cmd.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    this.cmd.on('close', () => this.lost('connection to Redis lost'));
    this.cmd.on('ready', () => void this.renew());
    // Frames for this instance published while its subscription was down waited in queues: take them.
    this.sub.on('ready', () => {
      if (this.usable()) void this.reconcile().catch(() => undefined);
    });
    this.sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.receive(message));
    this.fallback = new LocalBus(new MessageQueues({ maxPerId: limits.max_queue, maxBytes: limits.max_queued_bytes, maxPerPair: pairShare(limits.max_queue) }));
  }

  /** Connects, subscribes and takes the lease; resolves even when Redis is unreachable (degraded). */
  async start(host: SeamHost): Promise<void> {
    this.host = host;
    this.renewTimer = setInterval(() => void this.renew(), this.renewMs);
    this.renewTimer.unref();
    await this.sub.connect().catch(() => undefined);
    await this.sub.subscribe(this.channel(this.instance)).catch(() => undefined);
    await this.cmd.connect().catch(() => undefined);
    await this.renew();
    if (this.state !== 'ok') this.setState('degraded', `Redis at ${this.redisAddress()} unreachable; serving this instance's clients only`);
  }

  /** Leaves the cluster: frees this instance's ids at once (no waiting for the lease) and disconnects. */
  async close(): Promise<void> {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
    const wasOk = this.state === 'ok';
    this.state = 'closed';
    if (wasOk) {
      while (this.batch.length > 0 || this.inFlight > 0) {
        this.flush();
        await this.sent;
      }
      await this.run(LEAVE, [this.instance]).catch(() => undefined);
    }
    this.cmd.disconnect();
    this.sub.disconnect();
  }

  status(): ClusterStatus {
    return { instance: this.instance, state: this.state, fenced: this.fenced, rttMs: this.rttMs, ...this.counters };
  }

  /** The dashboard's Cluster view (metrics.ts): Redis is read when it answers, else this instance alone. */
  view(): Promise<ClusterView> {
    const run = this.cmd.status === 'ready' ? (script: string, args: (string | number)[]) => this.run(script, args) : null;
    return this.metrics.view(run, this.status(), this.redisAddress(), this.limits.about, this.leaseMs);
  }

  async instances(): Promise<ClusterInstance[]> {
    const r = (await this.run(INSTANCES, [])) as Reply;
    const now = Number(r[0]);
    const out: ClusterInstance[] = [];
    for (let i = 1; i + 4 < r.length + 1; i += 5) {
      out.push({ id: String(r[i]), leaseLeftMs: Number(r[i + 1]) - now, about: String(r[i + 2]), since: Number(r[i + 3]), ids: Number(r[i + 4]) });
    }
    return out;
  }

  // --- Directory --------------------------------------------------------------------------------

  claim(id: string, token: string): Promise<ClaimVerdict> | ClaimVerdict {
    if (!this.usable()) return UNCLAIMED;
    let p = this.pending.get(id);
    if (!p) {
      p = { claims: 0, frames: [], kickedBy: 0 };
      this.pending.set(id, p);
    }
    p.claims += 1;
    const entry = p;
    const done = (): void => {
      entry.claims -= 1;
      if (entry.claims === 0 && this.pending.get(id) === entry) this.pending.delete(id);
    };
    return this.run(CLAIM, [this.instance, id, token, 'take']).then(
      (reply) => {
        done();
        const r = reply as Reply;
        if (r[0] === 'taken') return { ok: false, reason: 'id-taken' } as const;
        if (r[0] !== 'ok') {
          void this.renew();
          return UNCLAIMED;
        }
        const generation = Number(r[1]);
        if (entry.kickedBy > generation) return { ok: false, reason: 'id-taken' } as const;
        const queued: QueuedFrame[] = [];
        for (let i = 2; i < r.length; i += 1) {
          const f = parseRecord(String(r[i]));
          if (f) queued.push(f);
        }
        queued.push(...entry.frames.splice(0));
        return { ok: true, generation, queued };
      },
      () => {
        done();
        return UNCLAIMED;
      },
    );
  }

  release(id: string, generation: number): void {
    if (generation === 0 || !this.usable()) return;
    this.run(RELEASE, [this.instance, id, String(generation)]).catch(() => undefined);
  }

  freshId(generate: () => string): string | Promise<string> {
    if (!this.usable()) return generate();
    const attempt = async (): Promise<string> => {
      for (let i = 0; i < 100; i += 1) {
        const id = generate();
        if (Number(await this.run(TAKEN, [id])) === 0) return id;
      }
      return generate();
    };
    return attempt().catch(() => generate());
  }

  ids(): Promise<string[]> {
    const local = (): string[] => (this.host ? [...this.host.clients()].map((c) => c.id) : []);
    if (!this.usable()) return Promise.resolve(local());
    return this.run(IDS, []).then(
      (r) => [...new Set([...(r as string[]), ...local()])],
      () => local(),
    );
  }

  // --- Bus --------------------------------------------------------------------------------------

  route(src: string, dst: string, type: ClientMessageType, text: () => string, now: number, bytes?: () => Buffer): RouteResult | null {
    // Redis away: the local queue, unless frames handed over before are still on their way (a failed
    // ROUTE puts them in the local queue: this one goes behind them, through the batch).
    if (!this.usable() && this.inFlight === 0 && this.batch.length === 0) return this.fallback.route(src, dst, type, text, now);
    if (this.batch.length >= MAX_PENDING) return this.fallback.route(src, dst, type, text, now);
    // Frames for dst still wait in the local queue: this one waits behind them.
    if (this.fallback.count > 0 && this.fallback.queues.depthOf(dst) > 0) return this.fallback.route(src, dst, type, text, now);
    const payload = bytes ? bytes() : Buffer.from(text());
    this.send({ src, dst, type, payload, stamp: this.metrics.stamp(), age: 0 });
    return null;
  }

  take(dst: string): readonly QueuedFrame[] {
    return this.fallback.take(dst);
  }

  expire(now: number, timeout: number): ExpiredPair[] {
    if (this.usable() && !this.expiring) {
      this.expiring = true;
      this.run(EXPIRE, [timeout])
        .catch(() => undefined)
        .finally(() => {
          this.expiring = false;
        });
    }
    return this.fallback.expire(now, timeout);
  }

  pendingFrom(src: string): number {
    return this.fallback.pendingFrom(src);
  }

  get count(): number {
    return this.fallback.count;
  }

  get bytes(): number {
    return this.fallback.bytes;
  }

  clear(): void {
    this.fallback.clear();
  }

  // --- inside -----------------------------------------------------------------------------------

  private usable(): boolean {
    return this.state === 'ok' && !this.fenced && this.cmd.status === 'ready';
  }

  private channel(instance: string): string {
    return `${this.prefix}ch:${instance}`;
  }

  private redisAddress(): string {
    return `${this.cmd.options.host ?? '?'}:${this.cmd.options.port ?? '?'}`;
  }

  /** Runs a script by its SHA (loading it on first use or after a Redis restart). */
  private async run(script: string, args: (string | number | Buffer)[]): Promise<unknown> {
    const all = [this.prefix, ...args];
    try {
      return await this.cmd.evalsha(sha1(script), 0, ...all);
    } catch (err) {
      if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
      return this.cmd.eval(script, 0, ...all);
    }
  }

  /** Adds a frame to the next batch, which leaves at the end of this event-loop iteration. */
  private send(f: Outgoing): void {
    this.batch.push(f);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /**
   * Sends the frames routed so far, in order, in as few script calls as it takes (at most MAX_IN_FLIGHT
   * unanswered at once; the rest goes when an answer comes). With Redis away they go to the local queue,
   * but only once every call already sent has been answered, so that they queue behind its frames.
   */
  private flush(): void {
    while (this.batch.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      if (!this.usable()) {
        if (this.inFlight > 0) return; // the next answer (or failure) flushes again
        this.routeLocally(this.batch.splice(0));
        return;
      }
      let n = 0;
      let size = 0;
      while (n < this.batch.length && n < MAX_BATCH && (n === 0 || size + (this.batch[n] as Outgoing).payload.length <= MAX_BATCH_BYTES)) {
        size += (this.batch[n] as Outgoing).payload.length;
        n += 1;
      }
      // Grouped by destination (order only matters per destination): ROUTE looks each one up once and
      // reads no record on its way (scripts.ts).
      const groups = new Map<string, Outgoing[]>();
      for (const f of this.batch.splice(0, n)) {
        const g = groups.get(f.dst);
        if (g) g.push(f);
        else groups.set(f.dst, [f]);
      }
      const chunk: Outgoing[] = [];
      for (const g of groups.values()) for (const f of g) chunk.push(f);
      // While the call is on its way only the batch itself is kept (and the ages of frames that waited):
      // a frame's objects die young, and the rare frame that needs its details again is read from the batch.
      const ends: number[] = [];
      const sent: SentBatch = { batch: encodeBatch(chunk, ends), ends, ages: null };
      const args: (string | number | Buffer)[] = [this.instance, this.limits.max_queue, this.limits.max_queued_bytes, pairShare(this.limits.max_queue), sent.batch, ''];
      let last = 0;
      for (const [dst, g] of groups) {
        last += g.length;
        args.push(dst, ends[last - 1] as number, g.length);
      }
      let ages = '';
      for (let i = 0; i < chunk.length; i += 1) {
        const age = (chunk[i] as Outgoing).age;
        if (age <= 0) continue;
        ages += `${i + 1}:${Math.round(age)} `;
        (sent.ages ??= new Map()).set(i, age);
      }
      args[5] = ages;
      this.inFlight += 1;
      this.sent = this.run(ROUTE, args).then(
        (reply) => this.answered(sent, reply as Reply),
        () => this.answered(sent, null),
      );
    }
  }

  /** ROUTE's answer for a batch (null: the call failed, its frames go to the local queue). */
  private answered(sent: SentBatch, reply: Reply | null): void {
    this.inFlight -= 1;
    if (reply === null) {
      this.routeLocally(framesOf(sent));
    } else {
      let delivered = sent.ends.length;
      for (let i = 0; i + 1 < reply.length; i += 2) {
        const index = Number(reply[i]) - 1;
        const f = index >= 0 && index < sent.ends.length ? readRecord(sent.batch, index === 0 ? 0 : (sent.ends[index - 1] as number)) : null;
        if (!f) continue;
        delivered -= 1;
        this.host?.routed(f.src, f.dst, f.type, noteResult(String(reply[i + 1])));
      }
      this.counters.framesOut += delivered;
    }
    this.flush();
  }

  /**
   * Frames that could not reach Redis wait in the local queue (and expire there, with EXPIRE to their
   * sender) until Redis answers again (`drainFallback`).
   */
  private routeLocally(chunk: readonly Outgoing[]): void {
    const now = Date.now();
    for (const f of chunk) {
      if (this.host?.relay(f.dst, f.src, f.type, f.payload) === true) continue;
      const result = this.fallback.route(f.src, f.dst, f.type, () => f.payload.toString(), now - f.age);
      this.host?.routed(f.src, f.dst, f.type, result);
    }
  }

  /**
   * Redis answers again: the frames that waited in the local queue meanwhile go to Redis (to their
   * destination's holder wherever it is, or into its queue there) ahead of any newer frame, so each
   * sender's order holds; they keep the time they already waited, so they expire when they would have.
   * They leave the local queue as they go: none is delivered twice.
   */
  private drainFallback(): void {
    if (this.fallback.count === 0) return;
    const now = Date.now();
    const drained: Outgoing[] = [];
    for (const [dst, messages] of this.fallback.queues.takeAll()) {
      for (const m of messages) {
        drained.push({ src: m.src, dst, type: m.type as ClientMessageType, payload: Buffer.from(m.text), stamp: null, age: Math.max(0, now - m.queuedAt) });
      }
    }
    this.batch.unshift(...drained);
    this.flush();
  }

  /** A message on this instance's channel: frames (concatenated records), or notes (a JSON array). */
  private receive(message: Buffer): void {
    if (!this.host) return;
    if (message[0] !== 0x5b /* [ */) {
      const arrival = this.metrics.arrival();
      for (let at = 0; at < message.length; ) {
        const f = readRecord(message, at);
        if (!f) return;
        if (f.stamp !== null && arrival !== null) this.metrics.record(arrival, f.stamp);
        this.incoming(f.dst, f.src, f.type, f.payload);
        at = f.end;
      }
      return;
    }
    let records: unknown;
    try {
      records = JSON.parse(message.toString());
    } catch {
      return;
    }
    if (!Array.isArray(records) || !this.host) return;
    for (const r of records as unknown[]) {
      if (!Array.isArray(r)) continue;
      if (r[0] === 'k' && typeof r[1] === 'string') {
        const p = this.pending.get(r[1]);
        if (p) p.kickedBy = Math.max(p.kickedBy, Number(r[2]));
        this.counters.takeovers += 1;
        this.host.replaced(r[1], Number(r[2]));
      } else if (r[0] === 'e' && typeof r[1] === 'string' && typeof r[2] === 'string') {
        this.host.expired({ src: r[1], dst: r[2], count: Number(r[3]) });
      }
    }
  }

  /** A frame from another instance: to its client here, kept for a claim on its way, or routed again. */
  private incoming(dst: string, src: string, type: MessageTypeName, payload: Buffer): void {
    const host = this.host as SeamHost;
    const held = this.reclaiming.size > 0 ? this.reclaiming.get(dst) : undefined;
    if (held) {
      held.push({ src, type, text: payload.toString() });
      return;
    }
    if (host.relay(dst, src, type, payload)) {
      this.counters.framesIn += 1;
      return;
    }
    const p = this.pending.get(dst);
    if (p) {
      p.frames.push({ src, type, text: payload.toString() });
      return;
    }
    // Redis still names this instance although no client here holds the id (it left while Redis was
    // away): free the id, then route the frame again (it queues for the id, or finds its new holder).
    this.run(RELEASE, [this.instance, dst, '*']).catch(() => undefined);
    this.send({ src, dst, type: type as ClientMessageType, payload, stamp: null, age: 0 });
  }

  /** Renews the lease (or registers anew after a lapse, re-claiming this instance's ids); one at a time. */
  private renew(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    this.renewal ??= this.renewOnce().finally(() => {
      this.renewal = null;
    });
    return this.renewal;
  }

  private async renewOnce(): Promise<void> {
    try {
      const t0 = Date.now();
      if (t0 - this.lastLease > this.leaseMs && !this.fenced) {
        this.fenced = true;
        this.setState('degraded', `lease not renewed for ${this.leaseMs} ms; no longer claiming ids in Redis`);
      }
      if (this.cmd.status !== 'ready') return;
      let r = (await this.run(LEASE, [this.instance, this.leaseMs, '0', this.limits.about])) as Reply;
      const lapsed = r[0] === 'lapsed';
      if (lapsed) r = (await this.run(LEASE, [this.instance, this.leaseMs, '1', this.limits.about])) as Reply;
      this.counters.reaped += Number(r[2] ?? 0);
      this.rttMs = Date.now() - t0;
      this.lastLease = t0;
      void this.metrics.publish(this.cmd, `${this.prefix}stats:${this.instance}`, this.leaseMs, this.status(), this.limits.about).catch(() => undefined);
      const wasUsable = this.state === 'ok' && !this.fenced;
      this.fenced = false;
      if (!wasUsable) {
        for (const script of ALL_SCRIPTS) await this.cmd.script('LOAD', script);
        this.state = 'ok';
        this.drainFallback();
        await this.reconcile();
        this.setState('ok', `connected to Redis at ${this.redisAddress()} as ${this.instance}`);
      } else {
        this.drainFallback(); // frames a failed ROUTE left in the local queue
      }
    } catch {
      // unreachable or failing: the next renewal tries again; fencing happens above once the lease ran out
      if (this.state === 'ok') this.lost('Redis did not answer the lease renewal');
    }
  }

  /** After (re)connecting: claim the ids of this instance's clients without taking any over. */
  private async reconcile(): Promise<void> {
    const host = this.host;
    if (!host) return;
    for (const client of [...host.clients()]) {
      // Frames published for the id while its claim is on its way wait behind those its queue gives.
      const held: QueuedFrame[] = [];
      this.reclaiming.set(client.id, held);
      const queued: QueuedFrame[] = [];
      try {
        const r = (await this.run(CLAIM, [this.instance, client.id, client.token, 'keep'])) as Reply;
        if (r[0] === 'ok') {
          client.generation = Number(r[1]);
          for (let i = 2; i < r.length; i += 1) {
            const f = parseRecord(String(r[i]));
            if (f) queued.push(f);
          }
        } else if (r[0] === 'taken') {
          host.replaced(client.id, Number.MAX_SAFE_INTEGER);
        }
      } finally {
        if (this.reclaiming.get(client.id) === held) this.reclaiming.delete(client.id);
        queued.push(...held);
        if (queued.length > 0) host.deliver(client.id, queued);
      }
    }
  }

  private lost(detail: string): void {
    if (this.state !== 'ok') return;
    this.setState('degraded', `${detail}; serving this instance's clients only until it is back`);
  }

  private setState(state: 'ok' | 'degraded', detail: string): void {
    if (this.state === 'closed') return;
    this.state = state;
    this.metrics.noted(this.status(), detail);
    this.host?.status(state, detail);
  }
}

/** ROUTE's answer for a frame that did not go to an instance ('q<depth>[ <superseded type>]', 'full', 'bytes', 'none'). */
function noteResult(note: string): RouteResult {
  if (note.startsWith('q')) {
    const space = note.indexOf(' ');
    if (space < 0) return { kind: 'queued', depth: Number(note.slice(1)), superseded: null };
    return { kind: 'queued', depth: Number(note.slice(1, space)), superseded: note.slice(space + 1) as MessageTypeName };
  }
  if (note === 'full') return { kind: 'dropped', reason: 'queue-full' };
  if (note === 'bytes') return { kind: 'dropped', reason: 'queue-bytes' };
  return { kind: 'dropped', reason: 'no-destination' };
}
