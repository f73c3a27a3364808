/**
 * Takeover across instances with the real PeerJS client in Chromium. The client reaches the cluster
 * through a TCP forwarder standing in for a load balancer without sticky sessions. Its connection to
 * instance A drops on the client's side while A still believes it is there (A holds the id); the
 * balancer now sends new connections to instance B. The client's own `peer.reconnect()` (same id, same
 * token) is granted on B at once: B takes the id over, A closes its stale socket as replaced, and a peer
 * on A then opens a DataConnection to it. No ERROR frame is sent to anyone and the client never sees
 * `server-error` (its only error is the `network` one of losing the server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignalingServer, type FrameOutEvent, type SignalingServer } from '../../../src/core/index.js';
import { startForwarder, type Forwarder } from '../../helpers/forwarder.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { expectDataBothWays, startRig, uniqueId, type Rig } from './setup.js';

describe('PeerJS client taken over from one instance to another behind a balancer', () => {
  let redis: TestRedis;
  let rig: Rig;
  let two: SignalingServer;
  let twoPort: number;
  let balancer: Forwarder;
  const framesOutTwo: FrameOutEvent[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const cluster = { redis: redis.url };
    rig = await startRig({ allow_discovery: true, cluster });
    two = createSignalingServer({ host: '127.0.0.1', port: 0, allow_discovery: true, cluster });
    two.on('frame-out', (e) => framesOutTwo.push(e));
    twoPort = (await two.start()).port;
    balancer = await startForwarder(rig.port);
  }, 60_000);

  afterAll(async () => {
    await balancer?.close();
    await two?.stop();
    await rig?.close();
    await redis?.stop();
  }, 30_000);

  it('reconnect() lands on the other instance, takes the id over there, and a peer on the first instance reaches it', async () => {
    const id = uniqueId('mover');
    const viaBalancer = { ...rig.clientOptions, port: balancer.port };
    const ids = (s: SignalingServer) => s.peers().map((p) => p.id);

    expect(await rig.pageA.openPeer('mover', id, viaBalancer)).toEqual({ ok: true, id });
    expect(ids(rig.server)).toContain(id);

    balancer.setTarget(twoPort);
    balancer.dropClients();
    await rig.pageA.waitDisconnected('mover');
    // Instance A has not noticed (its side of the connection is still open): it still holds the id.
    expect(ids(rig.server)).toContain(id);

    // The client's own reconnect (same id and token) goes through the balancer to B: OPEN, not ID-TAKEN.
    expect(await rig.pageA.reconnect('mover'), await rig.pageA.diagnostics()).toEqual({ ok: true, id });
    expect(ids(two)).toContain(id);
    // A was told through Redis and dropped its stale holder (closing that socket as replaced, 4000; its
    // close completes only when the dead connection times out), without releasing B's claim.
    await expect.poll(() => ids(rig.server), { timeout: 10_000 }).not.toContain(id);
    expect((await rig.server.cluster())?.status.takeovers).toBe(1);
    expect(await rig.pageA.state('mover')).toEqual({ id, open: true, disconnected: false, destroyed: false });

    // A peer on instance A dials it on B: the DataConnection opens and data flows both ways.
    const other = await rig.pageB.openPeer('other', null);
    if (!other.ok) throw new Error(`other peer did not open: ${JSON.stringify(other)}`);
    expect(ids(rig.server)).toContain(other.id);
    const [dialled, incoming] = await Promise.all([rig.pageB.connect('other', id), rig.pageA.waitIncoming('mover')]);
    expect(dialled, await rig.pageB.diagnostics()).toEqual({ ok: true, peer: id });
    expect(incoming).toBe(other.id);
    await expectDataBothWays(rig.pageB, 'other', rig.pageA, 'mover');

    // No ERROR frame from either instance; the client's only error is losing the server at the cut.
    expect([...rig.frames.out, ...framesOutTwo].filter((f) => f.type === 'ERROR')).toEqual([]);
    expect(await rig.pageA.page.evaluate(() => window.sb.errors())).toEqual([{ name: 'mover', type: 'network', message: 'Lost connection to server.' }]);
    expect(await rig.pageB.page.evaluate(() => window.sb.errors())).toEqual([]);
    expect(await rig.pageA.state('mover')).toEqual({ id, open: true, disconnected: false, destroyed: false });
  }, 90_000);
});
