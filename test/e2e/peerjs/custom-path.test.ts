/**
 * The real PeerJS client against our server mounted on a custom path with a custom key (discovery off):
 * the whole flow works there, and a client with the wrong key, the wrong path, or asking for the peer
 * list gets the error PeerJS reports for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asArrived, connectPair, samplePayload, startRig, uniqueId, type Rig } from './setup.js';

const PATH = '/myapp';
const KEY = 'switchboard-e2e-key';

describe(`PeerJS client in Chromium: path ${PATH}, key ${KEY}`, () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig({ path: PATH, key: KEY, expire_timeout: 1000 });
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
  }, 30_000);

  it('ids come from <path>/<key>/id, and a DataConnection carries data both ways', async () => {
    const idUrls: string[] = [];
    rig.pageA.page.on('request', (r) => idUrls.push(new URL(r.url()).pathname));
    const { idA, idB } = await connectPair(rig, 'a', 'b');
    await expect.poll(() => idUrls, { timeout: 5_000 }).toContain(`${PATH}/${KEY}/id`);
    await expect.poll(() => rig.pageA.issuedIds(), { timeout: 5_000 }).toContain(idA);
    await expect.poll(() => rig.pageB.issuedIds(), { timeout: 5_000 }).toContain(idB);
    expect(rig.frames.in.some((f) => f.type === 'OFFER' && f.peer === idA && f.dst === idB)).toBe(true);
    expect(rig.frames.out.some((f) => f.type === 'ANSWER' && f.peer === idA && f.src === idB)).toBe(true);

    const fromA = samplePayload('A');
    const fromB = samplePayload('B');
    await Promise.all([rig.pageA.send('a', fromA), rig.pageB.send('b', fromB)]);
    const [atB, atA] = await Promise.all([rig.pageB.waitReceived('b', fromA.length), rig.pageA.waitReceived('a', fromB.length)]);
    expect(atB.map(asArrived), `B received; B ${await rig.pageB.diagnostics()}`).toEqual(fromA.map(asArrived));
    expect(atA.map(asArrived), `A received; A ${await rig.pageA.diagnostics()}`).toEqual(fromB.map(asArrived));
  }, 45_000);

  it('a client with the wrong key is refused with "Invalid key provided"', async () => {
    const id = uniqueId('wrongkey');
    const result = await rig.pageA.openPeer('wrong-key', id, { ...rig.clientOptions, key: 'not-the-key' });
    expect(result).toEqual({ ok: false, type: 'server-error', message: 'Invalid key provided' });
    expect(rig.server.peers().some((p) => p.id === id)).toBe(false);
  }, 30_000);

  it('a client on the default path gets no id (nothing is served outside the mount path)', async () => {
    const result = await rig.pageB.openPeer('wrong-path', null, { ...rig.clientOptions, path: '/' });
    expect(result).toMatchObject({ ok: false, type: 'server-error' });
  }, 30_000);

  it('without allow_discovery, listAllPeers fails with server-error', async () => {
    const page = await rig.newPage();
    const id = uniqueId('lister');
    expect(await page.openPeer('lister', id)).toEqual({ ok: true, id });
    const answered = page.page.waitForResponse((r) => new URL(r.url()).pathname === `${PATH}/${KEY}/peers`);
    // PeerJS 1.5 drops the message of this error (it wraps an Error object), so only the type reaches us.
    await expect(page.listAllPeers('lister')).rejects.toThrow(/server-error/);
    expect((await answered).status()).toBe(401);
  }, 30_000);
});
