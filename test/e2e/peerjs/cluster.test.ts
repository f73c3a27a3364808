/**
 * The real PeerJS client in Chromium against a 2-instance cluster on a real redis-server, the two clients
 * of each pair on different instances: a DataConnection opens and data flows both ways, dialling an absent
 * id gives peer-unavailable, and an id held on one instance is unavailable-id on the other.
 * (Takeover across instances is covered with raw clients in test/integration/cluster: a PeerJS client's
 * token is private to it and its reconnect() goes back to the same server.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignalingServer, type SignalingServer } from '../../../src/core/index.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { expectDataBothWays, startRig, uniqueId, type ClientOptions, type Rig } from './setup.js';

describe('PeerJS client in Chromium against a 2-instance cluster', () => {
  let redis: TestRedis;
  let rig: Rig;
  let two: SignalingServer;
  let optionsTwo: ClientOptions;

  beforeAll(async () => {
    redis = await startRedis();
    const cluster = { redis: redis.url };
    rig = await startRig({ expire_timeout: 1000, allow_discovery: true, cluster });
    two = createSignalingServer({ host: '127.0.0.1', port: 0, expire_timeout: 1000, allow_discovery: true, cluster });
    const { port } = await two.start();
    optionsTwo = { ...rig.clientOptions, port };
  }, 60_000);

  afterAll(async () => {
    await two?.stop();
    await rig?.close();
    await redis?.stop();
  }, 30_000);

  it('a DataConnection between clients on different instances opens and carries data both ways', async () => {
    const [ra, rb] = await Promise.all([rig.pageA.openPeer('a', null), rig.pageB.openPeer('b', null, optionsTwo)]);
    if (!ra.ok || !rb.ok) throw new Error(`peers did not open: ${JSON.stringify({ ra, rb })}`);
    expect(rig.server.peers().map((p) => p.id)).toEqual([ra.id]);
    expect(two.peers().map((p) => p.id)).toEqual([rb.id]);
    const [dialled, incoming] = await Promise.all([rig.pageA.connect('a', rb.id), rig.pageB.waitIncoming('b')]);
    expect(dialled, await rig.pageA.diagnostics()).toEqual({ ok: true, peer: rb.id });
    expect(incoming).toBe(ra.id);
    await expectDataBothWays(rig.pageA, 'a', rig.pageB, 'b');
    // listAllPeers on either instance lists both.
    expect((await rig.pageB.listAllPeers('b')).sort()).toEqual([ra.id, rb.id].sort());
  }, 60_000);

  it('dialling an id absent from the cluster gives peer-unavailable (EXPIRE from Redis)', async () => {
    const caller = uniqueId('caller');
    expect(await rig.pageB.openPeer('caller', caller, optionsTwo)).toEqual({ ok: true, id: caller });
    const result = await rig.pageB.connect('caller', uniqueId('nobody'));
    expect(result, await rig.pageB.diagnostics()).toMatchObject({ ok: false, type: 'peer-unavailable' });
    expect(await rig.pageB.state('caller')).toMatchObject({ open: true, destroyed: false });
  }, 30_000);

  it('an id held on one instance is unavailable-id on the other, and the holder keeps it', async () => {
    const id = uniqueId('taken');
    expect(await rig.pageA.openPeer('holder', id)).toEqual({ ok: true, id });
    expect(await rig.pageB.openPeer('second', id, optionsTwo)).toMatchObject({ ok: false, type: 'unavailable-id' });
    expect(await rig.pageA.state('holder')).toEqual({ id, open: true, disconnected: false, destroyed: false });
  }, 30_000);
});
