/**
 * The real PeerJS client against our server on the id rules and the errors it must see: ID-TAKEN becomes
 * `unavailable-id`, discovery lists ids, EXPIRE becomes `peer-unavailable`, destroy() frees the id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionClosedEvent, ConnectionRefusedEvent, MessageExpiredEvent } from '../../../src/core/index.js';
import { STEP_MS, openPair, startRig, uniqueId, type Rig } from './setup.js';

describe('PeerJS client in Chromium: ids, discovery and errors', () => {
  let rig: Rig;
  const refused: ConnectionRefusedEvent[] = [];
  const closed: ConnectionClosedEvent[] = [];
  const expired: MessageExpiredEvent[] = [];

  beforeAll(async () => {
    rig = await startRig({ allow_discovery: true, expire_timeout: 1000 });
    rig.server.on('connection-refused', (e) => refused.push(e));
    rig.server.on('connection-closed', (e) => closed.push(e));
    rig.server.on('message-expired', (e) => expired.push(e));
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  }, 30_000);

  it('a second Peer asking for a taken id gets unavailable-id, and the holder keeps it', async () => {
    const id = uniqueId('taken');
    const holder = await rig.pageA.openPeer('holder', id);
    expect(holder, await rig.pageA.diagnostics()).toEqual({ ok: true, id });
    const second = await rig.pageB.openPeer('second', id);
    expect(second).toMatchObject({ ok: false, type: 'unavailable-id' });

    const idTaken = rig.frames.out.filter((f) => f.type === 'ID-TAKEN' && f.peer === id);
    expect(idTaken).toHaveLength(1);
    expect(JSON.parse(idTaken[0]?.frame ?? '{}')).toEqual({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } });
    expect(refused.filter((e) => e.id === id).map((e) => e.reason)).toEqual(['id-taken']);
    expect(rig.server.peers().filter((p) => p.id === id)).toHaveLength(1);
    expect(await rig.pageA.state('holder')).toEqual({ id, open: true, disconnected: false, destroyed: false });
  }, 30_000);

  it('with allow_discovery, listAllPeers returns the registered ids', async () => {
    const { idA, idB } = await openPair(rig, 'list-a', 'list-b');
    const listed = await rig.pageB.listAllPeers('list-b');
    expect(listed).toContain(idA);
    expect(listed).toContain(idB);
    expect([...listed].sort()).toEqual(rig.server.peers().map((p) => p.id).sort());
  }, 30_000);

  it('dialling an unknown id gives peer-unavailable once the server sends EXPIRE', async () => {
    const caller = uniqueId('caller');
    const nobody = uniqueId('nobody');
    expect(await rig.pageA.openPeer('caller', caller)).toEqual({ ok: true, id: caller });
    const result = await rig.pageA.connect('caller', nobody);
    expect(result, await rig.pageA.diagnostics()).toMatchObject({ ok: false, type: 'peer-unavailable' });
    if (!result.ok) expect(result.message).toContain(nobody);

    expect(rig.frames.in.some((f) => f.type === 'OFFER' && f.peer === caller && f.dst === nobody)).toBe(true);
    const expire = rig.frames.out.filter((f) => f.type === 'EXPIRE' && f.peer === caller);
    expect(expire).toHaveLength(1);
    expect(JSON.parse(expire[0]?.frame ?? '{}')).toMatchObject({ type: 'EXPIRE', src: nobody, dst: caller });
    expect(expired.filter((e) => e.src === caller).map((e) => e.dst)).toEqual([nobody]);
    // peer-unavailable is not fatal: the caller stays registered.
    expect(await rig.pageA.state('caller')).toMatchObject({ open: true, destroyed: false });
    expect(rig.server.peers().some((p) => p.id === caller)).toBe(true);
  }, 30_000);

  it('peer.destroy() frees the id: a new Peer can register it', async () => {
    const id = uniqueId('reuse');
    expect(await rig.pageA.openPeer('first-owner', id)).toEqual({ ok: true, id });
    await rig.pageA.destroy('first-owner');
    // The server drops the id as soon as the socket closes; wait for that, then register it again.
    await expect
      .poll(() => closed.filter((e) => e.id === id).map((e) => e.reason), { timeout: STEP_MS, interval: 20 })
      .toEqual(['client']);
    expect(rig.server.peers().some((p) => p.id === id)).toBe(false);
    const again = await rig.pageB.openPeer('next-owner', id);
    expect(again, await rig.pageB.diagnostics()).toEqual({ ok: true, id });
    expect(rig.server.peers().filter((p) => p.id === id)).toHaveLength(1);
  }, 30_000);
});
