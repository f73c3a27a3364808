/**
 * Two instances sharing a real redis-server act as one PeerJS server: ids unique cluster-wide, frames
 * relayed between instances in order, queues and EXPIRE across instances, HTTP routes over the cluster.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer } from '../../helpers/server.js';
import { connect, connectOpen, sleep } from '../../helpers/ws-client.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

let keySeq = 0;
/** Two instances on one Redis; a key of their own so tests never see each other's ids. */
async function pair(extra: Parameters<typeof startServer>[0] = {}) {
  const key = `k${++keySeq}`;
  const o = { key, cluster: { redis: redis.url }, allow_discovery: true, ...extra };
  const one = await startServer(o);
  const two = await startServer(o);
  return { key, one, two };
}

const onlyOpen = (c: { messages: { type: string }[] }) => c.messages.filter((m) => m.type === 'OPEN').length;

describe('cluster of two instances', () => {
  it('relays OFFER/ANSWER/CANDIDATE between clients on different instances, in order per sender', async () => {
    const { key, one, two } = await pair();
    const a = await connectOpen(one.port, { id: 'alice', key });
    const b = await connectOpen(two.port, { id: 'bob', key });
    a.send({ type: 'OFFER', dst: 'bob', payload: { sdp: 'x' } });
    expect(await b.next((m) => m.type === 'OFFER')).toEqual({ type: 'OFFER', src: 'alice', dst: 'bob', payload: { sdp: 'x' } });
    b.send({ type: 'ANSWER', dst: 'alice', payload: 7 });
    expect(await a.next((m) => m.type === 'ANSWER')).toEqual({ type: 'ANSWER', src: 'bob', dst: 'alice', payload: 7 });
    for (let i = 0; i < 300; i += 1) a.send({ type: 'CANDIDATE', dst: 'bob', payload: i });
    await b.next((m) => m.payload === 299, 10_000);
    expect(b.messages.filter((m) => m.type === 'CANDIDATE').map((m) => m.payload)).toEqual([...Array(300).keys()]);
    await Promise.all([a.close(), b.close()]);
  });

  it('relays any text across instances exactly as between two clients of one instance (records are cut, not re-encoded)', async () => {
    const { key, one, two } = await pair();
    const a = await connectOpen(one.port, { id: 'alice', key });
    const local = await connectOpen(one.port, { id: 'lucy', key });
    const far = await connectOpen(two.port, { id: 'bob', key });
    const payloads = ['12:34:OFFER:5:x', 'ünïcødé ✓ 𝄞 日本 🎉', '\\"quoted\\" \\u0000 \n\t', '', 'x'.repeat(70_000), '\ud800 lone'];
    for (const [i, p] of payloads.entries()) {
      for (const dst of ['lucy', 'bob']) a.sendRaw(`{"type":"CANDIDATE","dst":"${dst}","payload":${JSON.stringify(p)},"n":${i},"extra":{"a":[1,"::"]}}`);
    }
    await far.next((m) => m.n === payloads.length - 1, 10_000);
    await local.next((m) => m.n === payloads.length - 1, 10_000);
    expect(far.texts.slice(1)).toHaveLength(payloads.length);
    // What bob got through Redis is what lucy got on alice's own instance, but for the dst field.
    expect(far.texts.slice(1)).toEqual(local.texts.slice(1).map((t) => t.replace('"dst":"lucy"', '"dst":"bob"')));
    await Promise.all([a.close(), local.close(), far.close()]);
  });

  // A batch to Redis is grouped by destination (ROUTE reads no record on its common path): order holds per
  // destination, whether it is held on another instance or absent and queued, and ids of any script cross.
  it('keeps each destination’s order when one burst interleaves ids on the other instance and an absent one (non-ASCII ids too)', async () => {
    const { key, one, two } = await pair({ validate_ids: false });
    const a = await connectOpen(one.port, { id: 'ünal', key });
    const b = await connectOpen(two.port, { id: 'bob', key });
    const j = await connectOpen(two.port, { id: 'jörg 日本', key });
    const dsts = ['bob', 'jörg 日本', 'ghost'];
    for (let i = 0; i < 600; i += 1) a.send({ type: 'CANDIDATE', dst: dsts[i % 3], payload: i });
    await b.next((m) => m.payload === 597, 10_000);
    await j.next((m) => m.payload === 598, 10_000);
    const payloads = (c: typeof b) => c.messages.filter((m) => m.type === 'CANDIDATE').map((m) => m.payload);
    expect(payloads(b)).toEqual(Array.from({ length: 200 }, (_, k) => 3 * k));
    expect(payloads(j)).toEqual(Array.from({ length: 200 }, (_, k) => 3 * k + 1));
    expect(j.messages.every((m) => m.type === 'OPEN' || m.src === 'ünal')).toBe(true);
    // ghost's frames waited in Redis (its sender's share: the newest 25 of max_queue 100): in order.
    const g = await connect(one.port, { id: 'ghost', key });
    await g.next((m) => m.payload === 599);
    expect(payloads(g)).toEqual(Array.from({ length: 25 }, (_, k) => 3 * (175 + k) + 2));
    await Promise.all([a.close(), b.close(), j.close(), g.close()]);
  });

  it('keeps the holder index ROUTE reads (P hold) equal to the registry: claims, takeovers, releases, leaving', async () => {
    const { key, one, two } = await pair();
    const r = new Redis(redis.url);
    const hold = async () => r.hgetall(`switchboard:${key}:hold`);
    const inst = async (s: typeof one) => (await s.server.cluster())?.status.instance as string;
    const [i1, i2] = [await inst(one), await inst(two)];
    const a = await connectOpen(one.port, { id: 'alice', token: 'same', key });
    const b = await connectOpen(two.port, { id: 'bob', key });
    expect(await hold()).toEqual({ alice: i1, bob: i2 });
    const taken = await connectOpen(two.port, { id: 'alice', token: 'same', key });
    await a.closed;
    await expect.poll(hold).toEqual({ alice: i2, bob: i2 });
    await b.close();
    await expect.poll(hold).toEqual({ alice: i2 });
    await two.server.stop();
    await taken.closed;
    await expect.poll(hold).toEqual({});
    r.disconnect();
  });

  it('refuses an id held on the other instance with another token (ID-TAKEN), and the holder keeps it', async () => {
    const { key, one, two } = await pair();
    const a = await connectOpen(one.port, { id: 'alice', token: 't1', key });
    const dup = await connect(two.port, { id: 'alice', token: 't2', key });
    expect(await dup.next((m) => m.type === 'ID-TAKEN')).toMatchObject({ type: 'ID-TAKEN' });
    expect((await dup.closed).code).toBe(1008);
    const b = await connectOpen(two.port, { id: 'bob', key });
    b.send({ type: 'OFFER', dst: 'alice', payload: 1 });
    await a.next((m) => m.type === 'OFFER');
    await Promise.all([a.close(), b.close()]);
  });

  it('takes an id over across instances with the same token: the old socket closes as replaced, the new one gets its frames', async () => {
    const { key, one, two } = await pair();
    const events: string[] = [];
    one.server.on('connection-closed', (e) => events.push(`${e.id}:${e.reason}`));
    const old = await connectOpen(one.port, { id: 'alice', token: 'same', key });
    const c = await connectOpen(one.port, { id: 'carol', key });
    const fresh = await connectOpen(two.port, { id: 'alice', token: 'same', key });
    expect((await old.closed).code).toBe(4000);
    await sleep(100);
    expect(events).toContain('alice:replaced');
    // The replaced socket's close did not unregister the new holder: carol (on the old instance) reaches it.
    c.send({ type: 'OFFER', dst: 'alice', payload: 'after' });
    expect(await fresh.next((m) => m.type === 'OFFER')).toMatchObject({ src: 'carol', payload: 'after' });
    await Promise.all([c.close(), fresh.close()]);
  });

  it('queues frames for an id absent from the cluster and delivers them in order when it connects on another instance', async () => {
    const { key, one, two } = await pair();
    const a = await connectOpen(one.port, { id: 'alice', key });
    for (let i = 0; i < 5; i += 1) a.send({ type: 'CANDIDATE', dst: 'bob', payload: i });
    await sleep(200);
    const b = await connect(two.port, { id: 'bob', key });
    await b.next((m) => m.payload === 4);
    expect(b.messages.map((m) => m.type)).toEqual(['OPEN', 'CANDIDATE', 'CANDIDATE', 'CANDIDATE', 'CANDIDATE', 'CANDIDATE']);
    expect(b.messages.slice(1).map((m) => m.payload)).toEqual([0, 1, 2, 3, 4]);
    await Promise.all([a.close(), b.close()]);
  });

  it('sends one EXPIRE per (sender, destination) when queued frames expire in Redis', async () => {
    const { key, one } = await pair({ expire_timeout: 300 });
    const a = await connectOpen(one.port, { id: 'alice', key });
    for (let i = 0; i < 3; i += 1) a.send({ type: 'OFFER', dst: 'ghost', payload: i });
    expect(await a.next((m) => m.type === 'EXPIRE', 5000)).toEqual({ type: 'EXPIRE', src: 'ghost', dst: 'alice' });
    await sleep(800);
    expect(a.messages.filter((m) => m.type === 'EXPIRE')).toHaveLength(1);
    await a.close();
  });

  it('applies max_queue per absent id across the cluster (a sender over the cap gets EXPIRE)', async () => {
    const { key, one, two } = await pair({ max_queue: 2 });
    const a = await connectOpen(one.port, { id: 'alice', key });
    const c = await connectOpen(two.port, { id: 'carol', key });
    const d = await connectOpen(one.port, { id: 'dave', key });
    a.send({ type: 'OFFER', dst: 'bob', payload: 'a1' });
    await sleep(100);
    c.send({ type: 'OFFER', dst: 'bob', payload: 'c1' });
    await sleep(100);
    d.send({ type: 'OFFER', dst: 'bob', payload: 'd1' });
    expect(await d.next((m) => m.type === 'EXPIRE')).toEqual({ type: 'EXPIRE', src: 'bob', dst: 'dave' });
    const b = await connect(one.port, { id: 'bob', key });
    await b.next((m) => m.payload === 'c1');
    await sleep(200);
    expect(b.messages.filter((m) => m.type === 'OFFER').map((m) => m.payload)).toEqual(['a1', 'c1']);
    expect(one.server.stats().droppedTotal + two.server.stats().droppedTotal).toBe(1);
    await Promise.all([a.close(), b.close(), c.close(), d.close()]);
  });

  // The retry storm across instances: one sender's share of an absent id's queue in Redis is a quarter of
  // max_queue (as on one instance), so it cannot fill the queue for senders on other instances.
  it.each(['the flooder’s instance', 'the other instance'])(
    'one sender flooding an absent id keeps only its newest share; another sender’s frame still waits and is delivered when the id registers on %s',
    async (where) => {
      const { key, one, two } = await pair();
      const flooder = await connectOpen(one.port, { id: 'flooder', key });
      const carol = await connectOpen(two.port, { id: 'carol', key });
      for (let i = 0; i < 200; i += 1) flooder.send({ type: 'CANDIDATE', dst: 'teacher', payload: i });
      // 200 frames, a share of 25 (max_queue 100): the oldest 175 are superseded, one EXPIRE for the pair.
      await expect.poll(() => one.server.stats().droppedTotal, { timeout: 10_000 }).toBe(175);
      carol.send({ type: 'OFFER', dst: 'teacher', payload: 'from carol' });
      await expect.poll(() => two.server.stats().queuedTotal, { timeout: 5000 }).toBe(1);
      const teacher = await connect(where === 'the other instance' ? two.port : one.port, { id: 'teacher', key });
      await teacher.next((m) => m.payload === 'from carol');
      await sleep(200);
      expect(teacher.messages.filter((m) => m.type === 'CANDIDATE').map((m) => m.payload)).toEqual(Array.from({ length: 25 }, (_, i) => 175 + i));
      expect(teacher.messages.filter((m) => m.type === 'OFFER')).toEqual([{ type: 'OFFER', src: 'carol', dst: 'teacher', payload: 'from carol' }]);
      expect(flooder.messages).toEqual([{ type: 'OPEN' }, { type: 'EXPIRE', src: 'teacher', dst: 'flooder' }]);
      expect(carol.messages).toEqual([{ type: 'OPEN' }]);
      expect(two.server.stats().droppedTotal).toBe(0);
      // The flooder's socket stays open and relays: it reaches the teacher now.
      flooder.send({ type: 'OFFER', dst: 'teacher', payload: 'again' });
      await teacher.next((m) => m.payload === 'again');
      await Promise.all([flooder.close(), carol.close(), teacher.close()]);
    },
  );

  it('GET /<key>/peers lists the ids of both instances; GET /<key>/id never hands out one held elsewhere', async () => {
    let n = 0;
    const ids = ['held-1', 'held-1', 'fresh-2'];
    const { key, one, two } = await pair({ generateClientId: () => ids[n++ % ids.length] as string });
    const a = await connectOpen(two.port, { id: 'held-1', key });
    const b = await connectOpen(one.port, { id: 'bob', key });
    const peers = (await (await fetch(`${one.base}/${key}/peers`)).json()) as string[];
    expect(peers.sort()).toEqual(['bob', 'held-1']);
    const report = await one.server.cluster();
    expect(report?.status).toMatchObject({ state: 'ok', fenced: false });
    expect(report?.instances.map((i) => i.ids).sort()).toEqual([1, 1]);
    expect(report?.instances.every((i) => i.leaseLeftMs > 0 && i.about.startsWith('127.0.0.1:'))).toBe(true);
    expect(await (await startServer({ key: 'single' })).server.cluster()).toBeNull();
    expect(await (await fetch(`${one.base}/${key}/id`)).text()).toBe('fresh-2');
    await Promise.all([a.close(), b.close()]);
  });

  it('frees the ids of a stopped instance at once (no lease wait)', async () => {
    const { key, one, two } = await pair();
    const a = await connectOpen(one.port, { id: 'alice', token: 't1', key });
    await one.server.stop();
    await a.closed;
    const again = await connectOpen(two.port, { id: 'alice', token: 'other', key });
    await again.close();
  });

  it('a stopped and restarted instance joins the cluster again (as a settings change does)', async () => {
    const { key, one, two } = await pair();
    await one.server.stop();
    const { port } = await one.server.start();
    await sleep(300);
    const a = await connectOpen(port, { id: 'alice', key });
    const b = await connectOpen(two.port, { id: 'bob', key });
    a.send({ type: 'OFFER', dst: 'bob', payload: 'again' });
    await b.next((m) => m.payload === 'again');
    const dup = await connect(two.port, { id: 'alice', token: 'other', key });
    expect((await dup.next(() => true)).type).toBe('ID-TAKEN');
    await Promise.all([a.close(), b.close()]);
  });

  it('the CLI refuses a --redis that is not a redis:// URL (exit 2, one line)', () => {
    const bin = fileURLToPath(new URL('../../../bin/switchboard.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, '--redis', 'http://127.0.0.1:6379', '--no-dashboard'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--redis must be a redis:// or rediss:// URL');
  });

  it('loads ioredis only when the cluster option is set', () => {
    const core = new URL('../../../dist/core/index.js', import.meta.url).href;
    const script = (cluster: string) => `
      import { createRequire } from 'node:module';
      const { createSignalingServer } = await import(${JSON.stringify(core)});
      const s = createSignalingServer({ host: '127.0.0.1', port: 0, history: false, cluster: ${cluster} });
      await s.start();
      const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/ioredis/'));
      await s.stop();
      console.log(loaded ? 'ioredis loaded' : 'ioredis not loaded');`;
    const run = (cluster: string) => spawnSync(process.execPath, ['--input-type=module', '-e', script(cluster)], { encoding: 'utf8' }).stdout.trim();
    expect(run('null')).toBe('ioredis not loaded');
    expect(run(JSON.stringify({ redis: redis.url }))).toBe('ioredis loaded');
  });

  it('grants exactly one of 50 racing claims of one id over two instances', async () => {
    const { key, one, two } = await pair();
    const clients = await Promise.all(
      Array.from({ length: 50 }, (_, i) => connect(i % 2 === 0 ? one.port : two.port, { id: 'contested', token: `t${i}`, key })),
    );
    await sleep(1500);
    const opened = clients.filter((c) => onlyOpen(c) === 1);
    const taken = clients.filter((c) => c.messages.some((m) => m.type === 'ID-TAKEN'));
    expect(opened).toHaveLength(1);
    expect(taken).toHaveLength(49);
    expect(one.server.peers().length + two.server.peers().length).toBe(1);
    await Promise.all(clients.map((c) => c.close()));
  });
});

