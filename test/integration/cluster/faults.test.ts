/**
 * Failures of a cluster on a real redis-server: an instance killed with SIGKILL (a child process), and
 * Redis itself stopped under traffic. Lease times are the defaults (6 s lease, renewed every 2 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { freePort } from '../../helpers/net.js';
import { startServer } from '../../helpers/server.js';
import { connect, connectOpen, sleep, type TestClient } from '../../helpers/ws-client.js';

const BIN = fileURLToPath(new URL('../../../bin/switchboard.js', import.meta.url));
const LEASE_MS = 6000;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function redisForTest(): Promise<TestRedis> {
  const redis = await startRedis();
  cleanup.push(() => redis.stop());
  return redis;
}

const FIXTURE = fileURLToPath(new URL('./fixtures/instance.mjs', import.meta.url));

/** Runs `args` under node as a cluster instance in a child process; resolves once it joined the cluster. */
async function spawnInstance(args: string[]): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 15_000;
  while (!out.includes('cluster ok:')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`instance did not join the cluster: ${out}`);
    await sleep(50);
  }
  return { child, output: () => out };
}

/** An instance as the headless CLI runs it (default lease), so it can be killed for real. */
async function childInstance(redisUrl: string, key: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const args = [BIN, '--host', '127.0.0.1', '--port', String(port), '--key', key, '--no-dashboard', '--allow_discovery', '--redis', redisUrl];
  return { port, ...(await spawnInstance(args)) };
}

/** An instance with a short lease (to stall it with SIGSTOP). */
async function leasedInstance(redisUrl: string, key: string, leaseMs: number): Promise<{ port: number; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  return { port, ...(await spawnInstance([FIXTURE, redisUrl, String(port), key, String(leaseMs)])) };
}

/** Connects until the id is granted (OPEN) or `ms` pass; resolves with the client and the time it took. */
async function claimUntilOpen(port: number, id: string, token: string, key: string, ms: number): Promise<{ client: TestClient; tookMs: number }> {
  const t0 = Date.now();
  for (;;) {
    const c = await connect(port, { id, token, key });
    const first = await c.next(() => true, 3000);
    if (first.type === 'OPEN') return { client: c, tookMs: Date.now() - t0 };
    await c.closed;
    if (Date.now() - t0 > ms) throw new Error(`${id} not granted within ${ms} ms (last: ${first.type})`);
    await sleep(200);
  }
}

describe('cluster faults', () => {
  it('an instance killed with SIGKILL: its clients reclaim their ids on the survivor, and its other ids are free within the lease', async () => {
    const redis = await redisForTest();
    const key = 'kill';
    const doomed = await childInstance(redis.url, key);
    const { port, base } = await startServer({ key, allow_discovery: true, cluster: { redis: redis.url } });
    const alice = await connectOpen(doomed.port, { id: 'alice', token: 'ta', key });
    await connectOpen(doomed.port, { id: 'carol', token: 'tc', key });
    const bob = await connectOpen(port, { id: 'bob', key });
    bob.send({ type: 'OFFER', dst: 'alice', payload: 'before' });
    await alice.next((m) => m.type === 'OFFER');

    doomed.child.kill('SIGKILL');
    const killedAt = Date.now();
    await alice.closed;
    // alice reconnects with her token (as a PeerJS client does): granted on the survivor at once.
    const again = await claimUntilOpen(port, 'alice', 'ta', key, 3000);
    bob.send({ type: 'OFFER', dst: 'alice', payload: 'after' });
    expect(await again.client.next((m) => m.type === 'OFFER')).toMatchObject({ payload: 'after' });
    // carol's id, held by the dead instance, is free for anyone within the lease time.
    const other = await claimUntilOpen(port, 'carol', 'someone-else', key, LEASE_MS + 4000);
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + 4000);
    const peers = (await (await fetch(`${base}/${key}/peers`)).json()) as string[];
    expect(peers.sort()).toEqual(['alice', 'bob', 'carol']);
    await Promise.all([again.client.close(), other.client.close(), bob.close()]);
  });

  it('an instance stalled longer than its lease fences itself: its id goes to another instance, and on waking it closes its own holder as replaced', async () => {
    const redis = await redisForTest();
    const key = 'stall';
    const stalled = await leasedInstance(redis.url, key, 1500);
    const { port } = await startServer({ key, allow_discovery: true, cluster: { redis: redis.url } });
    const alice = await connectOpen(stalled.port, { id: 'alice', token: 'ta', key });
    stalled.child.kill('SIGSTOP');
    // Another client with another token gets the id once the stalled instance's lease ran out.
    const usurper = await claimUntilOpen(port, 'alice', 'other', key, 6000);
    expect(usurper.tookMs).toBeGreaterThan(500);
    stalled.child.kill('SIGCONT');
    // The woken instance does not take the id back: its own holder is closed as replaced.
    expect((await alice.closed).code).toBe(4000);
    await expect.poll(() => stalled.output(), { timeout: 5000 }).toMatch(/cluster degraded: lease not renewed[\s\S]*cluster ok:/);
    const bob = await connectOpen(stalled.port, { id: 'bob', key });
    bob.send({ type: 'OFFER', dst: 'alice', payload: 'to the new holder' });
    expect(await usurper.client.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'bob', payload: 'to the new holder' });
    await Promise.all([usurper.client.close(), bob.close()]);
  });

  it('Redis stopped under traffic: no crash, local pairs keep relaying, the cluster heals when Redis returns', async () => {
    const redis = await redisForTest();
    const key = 'outage';
    const one = await startServer({ key, cluster: { redis: redis.url } });
    const two = await startServer({ key, cluster: { redis: redis.url } });
    const status: string[] = [];
    one.server.on('cluster-status', (e) => status.push(e.status));
    const a = await connectOpen(one.port, { id: 'a', key });
    const b = await connectOpen(one.port, { id: 'b', key });
    const x = await connectOpen(one.port, { id: 'x', key });
    const y = await connectOpen(two.port, { id: 'y', key });
    x.send({ type: 'OFFER', dst: 'y', payload: 'before' });
    await y.next((m) => m.payload === 'before');

    let sent = 0;
    const traffic = setInterval(() => {
      a.send({ type: 'CANDIDATE', dst: 'b', payload: sent++ });
      x.send({ type: 'CANDIDATE', dst: 'y', payload: `x${sent}` });
    }, 20);
    cleanup.push(async () => clearInterval(traffic));

    await redis.stop();
    await sleep(1000);
    const during = b.messages.length;
    await sleep(2000);
    expect(b.messages.length).toBeGreaterThan(during + 20); // the local pair kept relaying
    expect(status).toContain('degraded');
    // A client arriving during the outage is served locally.
    const late = await connectOpen(one.port, { id: 'late', key });
    a.send({ type: 'OFFER', dst: 'late', payload: 'hi' });
    await late.next((m) => m.type === 'OFFER');

    await redis.restart(); // empty: persistence is off, so every id must be registered again
    clearInterval(traffic);
    const healed = Date.now();
    while (status.at(-1) !== 'ok') {
      if (Date.now() - healed > 10_000) throw new Error(`did not heal: ${status.join(',')}`);
      await sleep(100);
    }
    await sleep(500);
    // Cross-instance relaying works again, both ways, and the ids are registered again (ID-TAKEN across).
    const mark = y.messages.length;
    x.send({ type: 'OFFER', dst: 'y', payload: 'after' });
    await y.next((m) => m.payload === 'after', 5000, mark);
    y.send({ type: 'ANSWER', dst: 'late', payload: 'back' });
    await late.next((m) => m.type === 'ANSWER', 5000);
    const dup = await connect(two.port, { id: 'late', token: 'other', key });
    expect((await dup.next(() => true)).type).toBe('ID-TAKEN');
    expect(one.server.running && two.server.running).toBe(true);
    await Promise.all([a.close(), b.close(), x.close(), y.close(), late.close()]);
  });
  it('Redis stopped under traffic: what waited locally for other instances is routed when Redis returns, in order, once, with its expiry kept', async () => {
    const redis = await redisForTest();
    const key = 'drain';
    // max_queue 1000: the pair share (250) holds every frame of the outage, so any loss is a bug.
    const o = { key, expire_timeout: 5000, max_queue: 1000, cluster: { redis: redis.url } };
    const one = await startServer(o);
    const two = await startServer(o);
    const states: Record<string, string> = { one: 'ok', two: 'ok' };
    one.server.on('cluster-status', (e) => (states.one = e.status));
    two.server.on('cluster-status', (e) => (states.two = e.status));
    const x = await connectOpen(one.port, { id: 'x', key });
    const y = await connectOpen(two.port, { id: 'y', key });
    x.send({ type: 'OFFER', dst: 'y', payload: 'before' });
    await y.next((m) => m.payload === 'before');

    let seq = 0;
    const traffic = setInterval(() => {
      x.send({ type: 'CANDIDATE', dst: 'y', payload: seq });
      y.send({ type: 'CANDIDATE', dst: 'x', payload: seq });
      seq += 1;
    }, 20);
    cleanup.push(async () => clearInterval(traffic));
    await sleep(300);

    await redis.stop();
    await expect.poll(() => `${states.one} ${states.two}`, { timeout: 10_000 }).toBe('degraded degraded');
    // Dials of ids that are on no instance, queued locally meanwhile.
    const t0 = Date.now();
    x.send({ type: 'OFFER', dst: 'ghost', payload: 'x to ghost' });
    y.send({ type: 'OFFER', dst: 'ghost', payload: 'y to ghost' });
    x.send({ type: 'OFFER', dst: 'nobody', payload: 'x to nobody' });
    await sleep(1000);

    await redis.restart(); // empty: persistence is off
    await expect.poll(() => `${states.one} ${states.two}`, { timeout: 10_000 }).toBe('ok ok');
    // ghost arrives on the instance where only y is: it gets x's dial too, which had waited on x's instance.
    const ghost = await connect(two.port, { id: 'ghost', key });
    await ghost.next((m) => m.payload === 'x to ghost', 5000);
    await sleep(500);
    clearInterval(traffic);
    const sent = seq;
    await y.next((m) => m.payload === sent - 1, 5000);
    await x.next((m) => m.payload === sent - 1, 5000);
    await sleep(300);

    // Every frame of the outage arrived, in order, once.
    const candidates = (c: TestClient) => c.messages.filter((m) => m.type === 'CANDIDATE').map((m) => m.payload);
    const all = Array.from({ length: sent }, (_, i) => i);
    expect(candidates(y).join(' ')).toBe(all.join(' '));
    expect(candidates(x).join(' ')).toBe(all.join(' '));
    expect(ghost.messages.filter((m) => m.type === 'OFFER').map((m) => m.payload).sort()).toEqual(['x to ghost', 'y to ghost']);
    // The dial of nobody kept its age: EXPIRE about expire_timeout after it was sent (not after Redis came back).
    const expired = await x.next((m) => m.type === 'EXPIRE', 10_000);
    const tookMs = Date.now() - t0;
    expect(expired).toEqual({ type: 'EXPIRE', src: 'nobody', dst: 'x' });
    expect(tookMs).toBeGreaterThanOrEqual(4900);
    expect(tookMs).toBeLessThan(6500);
    await sleep(500);
    for (const c of [x, y, ghost]) expect(c.messages.filter((m) => m.type === 'EXPIRE' || m.type === 'ERROR').map((m) => m.src)).toEqual(c === x ? ['nobody'] : []);
    await Promise.all([x.close(), y.close(), ghost.close()]);
  });
});
