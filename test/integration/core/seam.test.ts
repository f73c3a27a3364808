/**
 * The engine's directory/bus seam with a directory that answers later (as a cluster's does): the client
 * gets OPEN and the directory's queued frames first, frames it sent meanwhile are handled after, in
 * order; frames for ids not held here go to the bus; a close releases the claim with its generation;
 * a refused claim is ID-TAKEN.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../../src/core/options.js';
import { LocalBus, LocalDirectory, type ClaimVerdict } from '../../../src/core/seam.js';
import { SignalingEngine } from '../../../src/core/signaling.js';
import { createUpgradeHandler } from '../../../src/core/upgrade.js';
import { connect, connectOpen, sleep } from '../../helpers/ws-client.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** An engine on 127.0.0.1 whose directory grants claims after `delayMs`, recording what it is asked. */
async function engineWithSlowDirectory(delayMs: number, refuse: ReadonlySet<string> = new Set()) {
  const engine = new SignalingEngine(resolveOptions({ history: false }));
  const calls: string[] = [];
  let generation = 0;
  const local = new LocalDirectory(engine.realm);
  const bus = new LocalBus(engine.queues);
  engine.useSeam(
    {
      claim: (id: string) =>
        new Promise<ClaimVerdict>((resolve) => {
          calls.push(`claim ${id}`);
          generation += 1;
          const verdict: ClaimVerdict = refuse.has(id)
            ? { ok: false, reason: 'id-taken' }
            : { ok: true, generation, queued: [{ src: 'elsewhere', type: 'OFFER', text: `{"type":"OFFER","src":"elsewhere","dst":"${id}","payload":"waited"}` }] };
          setTimeout(() => resolve(verdict), delayMs);
        }),
      release: (id: string, gen: number) => calls.push(`release ${id} ${gen}`),
      freshId: (g: () => string) => local.freshId(g),
      ids: () => local.ids(),
    },
    {
      route: (src, dst, type, text, now) => {
        calls.push(`route ${src}->${dst} ${type}`);
        return bus.route(src, dst, type, text, now);
      },
      take: (dst) => bus.take(dst),
      expire: (now, timeout) => bus.expire(now, timeout),
      pendingFrom: (src) => bus.pendingFrom(src),
      get count() {
        return bus.count;
      },
      get bytes() {
        return bus.bytes;
      },
      clear: () => bus.clear(),
    },
  );
  engine.open();
  const http = createServer();
  const upgrade = createUpgradeHandler(engine, 65536, () => '/peerjs');
  http.on('upgrade', upgrade);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  closers.push(async () => {
    engine.close();
    engine.terminate();
    upgrade.close();
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });
  return { engine, calls, port: (http.address() as AddressInfo).port };
}

describe('directory/bus seam', () => {
  it('a late claim: OPEN, then the queued frames, then what the client sent while waiting, in order', async () => {
    const { port, calls } = await engineWithSlowDirectory(150);
    const bob = await connectOpen(port, { id: 'bob' });
    const alice = await connect(port, { id: 'alice' });
    alice.send({ type: 'OFFER', dst: 'bob', payload: 1 }); // sent before the claim is answered
    alice.send({ type: 'OFFER', dst: 'bob', payload: 2 });
    await alice.next((m) => m.type === 'OFFER');
    expect(alice.messages.map((m) => m.type)).toEqual(['OPEN', 'OFFER']);
    expect(alice.messages[1]).toMatchObject({ src: 'elsewhere', payload: 'waited' });
    await bob.next((m) => m.payload === 2);
    expect(bob.messages.filter((m) => m.src === 'alice').map((m) => m.payload)).toEqual([1, 2]);
    expect(calls.filter((c) => c.startsWith('route'))).toEqual([]); // bob is local: the fast path
    await Promise.all([alice.close(), bob.close()]);
    await sleep(50);
    expect(calls).toContain('release alice 2');
  });

  it('frames for ids not held here go to the bus; a refused claim is ID-TAKEN', async () => {
    const { port, calls } = await engineWithSlowDirectory(20, new Set(['taken']));
    const alice = await connectOpen(port, { id: 'alice' });
    alice.send({ type: 'OFFER', dst: 'nobody', payload: 1 });
    alice.send({ type: 'LEAVE', dst: 'nobody' });
    await sleep(100);
    expect(calls.filter((c) => c.startsWith('route'))).toEqual(['route alice->nobody OFFER', 'route alice->nobody LEAVE']);
    const refused = await connect(port, { id: 'taken' });
    expect((await refused.next(() => true)).type).toBe('ID-TAKEN');
    await alice.close();
  });

  it('a socket closed before its claim is answered releases the claim', async () => {
    const { port, calls, engine } = await engineWithSlowDirectory(200);
    const quitter = await connect(port, { id: 'quitter' });
    await quitter.close();
    await sleep(400);
    expect(calls).toEqual(['claim quitter', 'release quitter 1']);
    expect(engine.realm.size).toBe(0);
    expect(engine.socketCount).toBe(0);
  });
});
