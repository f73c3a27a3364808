/**
 * The Cluster view in the dashboard store (from the snapshot, then from batches; null when the server
 * leaves cluster mode; never shown over an imported session) and the pure helpers that read it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClusterInstanceView, ClusterView } from '../../../src/shared/cluster.js';
import { DashboardStore } from '../../../src/renderer/state/store.js';
import { FakeBridge, peerInfo } from './fixtures/fake-bridge.js';
import { formatLatency, formatPercentiles, formatRate, holderOf, instanceLabel, selfPeerLabel } from '../../../src/renderer/lib/cluster.js';

const instance = (over: Partial<ClusterInstanceView>): ClusterInstanceView => ({
  id: 'x',
  self: false,
  host: 'box',
  about: '0.0.0.0:9000',
  uptimeMs: 1000,
  leaseAgeMs: 100,
  leaseLeftMs: 5900,
  ids: 0,
  listed: [],
  clients: 0,
  rates: null,
  latency: null,
  takeovers: 0,
  reaped: 0,
  reportAgeMs: 0,
  ...over,
});

const view = (over: Partial<ClusterView> = {}): ClusterView => ({
  instance: 'room12-11-aa',
  redis: { address: '10.0.0.5:6379', state: 'connected', since: 1, why: 'connected', rttMs: 0.4 },
  latency: { count: 10, p50: 0.8, p99: 3.1 },
  registry: 3,
  queued: { messages: 0, bytes: 0, ids: 0 },
  takeovers: 0,
  reaped: 0,
  instances: [
    instance({ id: 'room12-11-aa', self: true, host: 'room12', about: ':::9000', ids: 2, listed: ['alice', 'carol'] }),
    instance({ id: 'hall-22-bb', host: 'hall', about: '10.0.0.7:9001', ids: 1, listed: ['bob'] }),
  ],
  at: 1,
  ...over,
});

const peer = (id: string) => peerInfo(id);

/** A cluster member's bridge: its settings name a Redis, its snapshot carries the view. */
function clusterBridge(): FakeBridge {
  const bridge = new FakeBridge();
  bridge.settings = { ...bridge.settings, redis: 'redis://10.0.0.5:6379' };
  bridge.peers = [peer('alice'), peer('carol')];
  bridge.cluster = view();
  return bridge;
}

describe('dashboard store: cluster view', () => {
  let bridge: FakeBridge;
  let store: DashboardStore;
  beforeEach(async () => {
    bridge = clusterBridge();
    store = new DashboardStore(bridge);
    await store.connect();
  });

  it('takes the view from the snapshot, follows batches that carry one, keeps it through batches that do not', () => {
    expect(store.getMeta().cluster?.instances).toHaveLength(2);
    bridge.push([], { cluster: view({ registry: 4, redis: { ...view().redis, state: 'degraded', why: 'connection to Redis lost' } }) });
    expect(store.getMeta().cluster?.registry).toBe(4);
    expect(store.getMeta().cluster?.redis.state).toBe('degraded');
    bridge.push([], { peers: [peer('alice')] });
    expect(store.getMeta().cluster?.registry).toBe(4);
    // The server stopped (or left cluster mode): the batch says null.
    bridge.push([], { cluster: null });
    expect(store.getMeta().cluster).toBeNull();
  });

  it('an older server (no cluster field) means no cluster', async () => {
    bridge.cluster = undefined;
    await store.connect();
    expect(store.getMeta().cluster).toBeNull();
  });

  it('never shows the live cluster over an imported session, and brings it back with live', async () => {
    store.showImported('old.ndjson', { exportedAt: 5, settings: null, history: null, peers: [], events: [] });
    expect(store.getMeta().cluster).toBeNull();
    bridge.push([], { cluster: view({ registry: 9 }) });
    expect(store.getMeta().cluster).toBeNull();
    bridge.cluster = view({ registry: 9 });
    await store.backToLive();
    expect(store.getMeta().cluster?.registry).toBe(9);
  });
});

describe('reading a cluster view', () => {
  it('labels instances by machine and port, and says which instance holds an id', () => {
    const v = view();
    expect(v.instances.map(instanceLabel)).toEqual(['room12:9000', 'hall:9001']);
    const here = (id: string) => id === 'alice' || id === 'carol';
    expect(holderOf(v, 'alice', here)).toMatchObject({ kind: 'here', instance: { id: 'room12-11-aa' } });
    expect(holderOf(v, 'bob', here)).toMatchObject({ kind: 'other', instance: { id: 'hall-22-bb' } });
    expect(holderOf(v, 'dave', here)).toEqual({ kind: 'none' });
    expect(selfPeerLabel(v)).toBe('room12:9000');
    expect(selfPeerLabel(view({ redis: { ...v.redis, state: 'fenced' } }))).toBe('room12:9000 (not in Redis)');
    expect(selfPeerLabel(view({ redis: { ...v.redis, state: 'degraded' } }))).toBe('room12:9000 (Redis unreachable)');
    expect(selfPeerLabel(null)).toBeNull();
  });

  it('formats latency, percentiles and rates', () => {
    expect(formatLatency(0.42)).toBe('0.42 ms');
    expect(formatLatency(3)).toBe('3 ms');
    expect(formatLatency(33.09)).toBe('33 ms');
    expect(formatLatency(1500)).toBe('1.5 s');
    expect(formatLatency(null)).toBe('—');
    expect(formatPercentiles({ count: 0, p50: null, p99: null })).toBe('no cross-instance frame yet');
    expect(formatPercentiles({ count: 5, p50: 0.8, p99: 3.1 })).toBe('p50 0.8 ms · p99 3.1 ms');
    expect(formatRate(12.34)).toBe('12.3/s');
    expect(formatRate(1234.5)).toBe('1,235/s');
    expect(formatRate(undefined)).toBe('—');
  });
});
