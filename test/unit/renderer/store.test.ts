/**
 * The dashboard store against a fake Bridge: it owns the filter and the pause through its methods,
 * keeps what the user paused on aside from the ring buffer, folds relays, records problems that
 * outlive the buffer, keeps departed peers, and keeps the live link apart from an imported session.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionClosedEvent, ConnectionRefusedEvent, MessageExpiredEvent, PeerInfo, ServerStats } from '../../../src/shared/events.js';
import { DashboardStore } from '../../../src/renderer/state/store.js';
import { closed, event, opened, relay, resetClock, sent } from './fixtures/events.js';
import { FakeBridge, peerInfo } from './fixtures/fake-bridge.js';

const STATS: ServerStats = {
  startedAt: 1,
  peers: 0,
  peakPeers: 0,
  connectionsTotal: 0,
  refusedTotal: 0,
  messagesIn: { OPEN: 0, LEAVE: 0, CANDIDATE: 0, OFFER: 0, ANSWER: 0, EXPIRE: 0, HEARTBEAT: 0, 'ID-TAKEN': 0, ERROR: 0 },
  messagesOut: { OPEN: 0, LEAVE: 0, CANDIDATE: 0, OFFER: 0, ANSWER: 0, EXPIRE: 0, HEARTBEAT: 0, 'ID-TAKEN': 0, ERROR: 0 },
  bytesIn: 0,
  bytesOut: 0,
  queued: 0,
  queuedBytes: 0,
  queuedTotal: 0,
  expiredTotal: 0,
  droppedTotal: 0,
  errorsTotal: 0,
  malformedTotal: 0,
};

const peer = (id: string): PeerInfo => peerInfo(id, { messagesIn: 7, messagesOut: 3 });

function shown(store: DashboardStore): string[] {
  return store.traffic.view.map((r) => `${r.dir} ${r.type} ${r.src}>${r.dst}`);
}

describe('dashboard store', () => {
  let bridge: FakeBridge;
  let store: DashboardStore;

  beforeEach(async () => {
    resetClock();
    bridge = new FakeBridge();
    bridge.stats = STATS;
    bridge.recent = [opened('alice'), opened('bob')];
    bridge.peers = [peer('alice'), peer('bob')];
    store = new DashboardStore(bridge);
    await store.connect();
  });

  it('starts with heartbeats hidden and relays folded: one row per relayed message', () => {
    bridge.push([...relay('alice', 'bob', 'OFFER', { connectionId: 'c1' }), sent('bob', { type: 'HEARTBEAT' }), ...relay('bob', 'alice', 'ANSWER', { connectionId: 'c1' })]);
    expect(shown(store)).toEqual(['sys connected alice>server', 'sys connected bob>server', 'in OFFER alice>bob', 'in ANSWER bob>alice']);
    const offer = store.traffic.view[2];
    expect(offer?.relay?.event.kind).toBe('frame-out');
    store.setFilter({ fold: false, hideHeartbeats: false });
    expect(shown(store)).toHaveLength(7);
    store.setFilter({ direction: 'out' });
    expect(shown(store)).toEqual(['out OFFER alice>bob', 'out ANSWER bob>alice']);
  });

  it('filters by several types at once, and "problems only"', () => {
    bridge.push([
      ...relay('alice', 'bob', 'OFFER', {}),
      ...relay('bob', 'alice', 'ANSWER', {}),
      ...relay('alice', 'bob', 'CANDIDATE', {}),
      event<ConnectionRefusedEvent>({ kind: 'connection-refused', id: 'eve', remote: '10.0.0.5', reason: 'invalid-key', msg: 'Invalid key provided', tried: 'pe•••j (6 chars)' }),
    ]);
    store.setFilter({ types: ['OFFER', 'CANDIDATE'] });
    expect(shown(store)).toEqual(['in OFFER alice>bob', 'in CANDIDATE alice>bob']);
    store.resetFilter();
    store.setFilter({ problemsOnly: true });
    expect(shown(store)).toEqual(['sys refused eve>server']);
    expect(store.getMeta().filter.problemsOnly).toBe(true);
  });

  it('pause keeps exactly the rows shown, even after the ring buffer has moved past them, and counts what arrived', () => {
    bridge.push(Array.from({ length: 30 }, (_, i) => sent('alice', { type: 'OFFER', dst: `p${i}` })));
    const before = shown(store);
    store.pause();
    bridge.push(Array.from({ length: 500 }, (_, i) => sent('bob', { type: 'CANDIDATE', dst: `q${i}` })));
    expect(store.traffic.all).toHaveLength(100);
    expect(shown(store)).toEqual(before);
    expect(store.traffic.arrivedSinceFreeze).toBe(500);
    // Filtering while paused narrows the kept rows, not the live ones.
    store.setFilter({ peer: 'p3' });
    expect(shown(store)).toEqual(['in OFFER alice>p3']);
    store.resume();
    expect(shown(store)).toEqual([]);
    store.setFilter({ peer: '' });
    expect(shown(store)).toHaveLength(100);
  });

  it('never holds more rows than the buffer size', () => {
    bridge.push(Array.from({ length: 105 }, () => sent('alice', { type: 'LEAVE', dst: 'x' })));
    expect(store.traffic.all.length).toBe(100);
  });

  it('records problems per peer that outlive the buffer, until the user clears them; departed peers stay listed', () => {
    bridge.push([
      event<ConnectionRefusedEvent>({ kind: 'connection-refused', id: 'eve', remote: '10.0.0.5', reason: 'invalid-key', msg: 'Invalid key provided', tried: 'pe•••j (6 chars)' }),
      event<ConnectionClosedEvent>({ kind: 'connection-closed', id: 'bob', reason: 'timeout', code: 1000 }),
      event<MessageExpiredEvent>({ kind: 'message-expired', src: 'alice', dst: 'teacher', count: 3 }),
    ], { peers: [peer('alice')] });
    bridge.push(Array.from({ length: 300 }, () => sent('alice', { type: 'HEARTBEAT' })));
    const groups = store.problems.peers();
    expect(groups.map((g) => g.peer).sort()).toEqual(['alice', 'bob', 'eve']);
    expect(groups.find((g) => g.peer === 'eve')?.entries[0]?.label).toBe('refused: wrong key (tried pe•••j (6 chars))');
    expect(groups.find((g) => g.peer === 'bob')?.entries[0]?.label).toMatch(/^timed out/);
    expect(store.problems.expiredNegotiations).toBe(1);
    const departed = store.problems.departed(1_700_000_100_000);
    expect(departed.map((d) => d.id).sort()).toEqual(['bob', 'eve']);
    expect(departed.find((d) => d.id === 'bob')?.info.messagesIn).toBe(7);
    // bob comes back: no longer departed, its problem stays.
    bridge.push([opened('bob')], { peers: [peer('alice'), peer('bob')] });
    expect(store.problems.departed(1_700_000_100_000).map((d) => d.id)).toEqual(['eve']);
    expect(store.problems.countFor('bob')).toBe(1);
    store.clearProblems();
    expect(store.problems.total).toBe(0);
  });

  it('ignores events it has already seen when the feed reloads the ring buffer', async () => {
    const refused = event<ConnectionRefusedEvent>({ kind: 'connection-refused', id: 'eve', remote: '1', reason: 'id-taken', msg: 'ID is taken' });
    bridge.push([refused]);
    bridge.recent = [...bridge.recent, refused];
    await store.connect();
    expect(store.problems.total).toBe(1);
  });

  it('lists each event once when batches arrive after a refill already brought them (the ring is ahead of the stream)', async () => {
    const burst = Array.from({ length: 6 }, (_, i) => relay('alice', 'bob', 'CANDIDATE', { n: i })).flat();
    // A full batch left events out: the feed refills from the ring buffer once the burst calms down...
    bridge.push(burst.slice(0, 4), { dropped: 8 });
    bridge.recent = [...bridge.recent, ...burst];
    await new Promise((r) => setTimeout(r, 600));
    // ...and the stream's own batches carrying the same events come after the refill.
    bridge.push(burst.slice(4));
    const n = (i: number) => shown(store).filter((_, k) => JSON.stringify(store.traffic.view[k]?.event).includes(`\\"n\\":${i}`));
    expect(shown(store)).toHaveLength(2 + 6);
    expect(n(5)).toEqual(['in CANDIDATE alice>bob']);
    expect(store.traffic.view.every((r) => r.dir !== 'in' || r.relay !== undefined)).toBe(true);
  });

  it('shows an imported session apart from the live link, and goes back to live with the filter kept', async () => {
    store.setFilter({ text: 'alice' });
    store.showImported('old.ndjson', { exportedAt: 5, settings: null, history: null, peers: [peer('zed')], events: [opened('zed'), closed('zed')] });
    expect(store.getMeta().mode.kind).toBe('imported');
    expect(store.getMeta().peers.map((p) => p.id)).toEqual(['zed']);
    // Live batches are followed quietly and do not reach the imported view.
    bridge.push([opened('carol')], { peers: [peer('alice'), peer('bob'), peer('carol')] });
    expect(store.traffic.all.map((r) => r.type)).toEqual(['connected', 'closed']);
    expect(store.getMeta().peers.map((p) => p.id)).toEqual(['zed']);
    await store.backToLive();
    expect(store.getMeta().mode.kind).toBe('live');
    expect(store.getMeta().peers.map((p) => p.id)).toEqual(['alice', 'bob']);
    expect(store.getMeta().filter.text).toBe('alice');
  });
});

describe('dashboard store: one view update per frame', () => {
  it('tells the views once for all the batches of a frame; a user action at once', async () => {
    resetClock();
    const bridge = new FakeBridge();
    bridge.peers = [peer('alice'), peer('bob')];
    const store = new DashboardStore(bridge);
    await store.connect();
    let updates = 0;
    store.subscribe(() => updates++);
    // Five batches arrive back to back (a burst, behind a long task): the data is in at once...
    for (let i = 0; i < 5; i++) bridge.push(relay('alice', 'bob', 'CANDIDATE', { candidate: `c${i}` }));
    expect(store.traffic.all.length).toBe(10);
    // ...and the views hear of it once, at the next frame (here: the fallback timer, there is no browser).
    expect(updates).toBe(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(updates).toBe(1);
    // A user action is shown at once, and makes a pending frame update moot.
    bridge.push(relay('alice', 'bob', 'CANDIDATE', { candidate: 'c5' }));
    store.setFilter({ text: 'c5' });
    expect(updates).toBe(2);
    await new Promise((r) => setTimeout(r, 150));
    expect(updates).toBe(2);
    expect(store.traffic.view.length).toBe(1);
  });
});
