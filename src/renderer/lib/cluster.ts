/** Reading a Cluster view: instance labels, which instance holds an id, words and figures. Pure. */
import type { ClusterInstanceView, ClusterView, LatencySummary, RedisLinkState } from '../../shared/cluster.js';

/** "host:port" of an instance: the machine's name and the port it serves PeerJS clients on. */
export function instanceLabel(v: Pick<ClusterInstanceView, 'host' | 'about'>): string {
  const colon = v.about.lastIndexOf(':');
  const port = colon >= 0 ? v.about.slice(colon + 1) : '';
  return port ? `${v.host}:${port}` : v.host || v.about;
}

/** The instance this dashboard is attached to. */
export function selfOf(view: ClusterView): ClusterInstanceView | undefined {
  return view.instances.find((i) => i.self);
}

/** What the Instance column says of this instance's own peers; null outside cluster mode. */
export function selfPeerLabel(view: ClusterView | null): string | null {
  if (!view) return null;
  const self = selfOf(view);
  const label = self ? instanceLabel(self) : view.instance;
  const note: Record<RedisLinkState, string> = { connected: '', connecting: ' (joining)', degraded: ' (Redis unreachable)', fenced: ' (not in Redis)', closed: ' (left)' };
  return `${label}${note[view.redis.state]}`;
}

export type Holder = { kind: 'here'; instance: ClusterInstanceView | undefined } | { kind: 'other'; instance: ClusterInstanceView } | { kind: 'none' };

/**
 * Which instance holds `id`: this one when it is one of the peers connected here, another one when that
 * instance lists it, else none known (not connected anywhere, or beyond the ids listed per instance).
 */
export function holderOf(view: ClusterView, id: string, connectedHere: (id: string) => boolean): Holder {
  if (connectedHere(id)) return { kind: 'here', instance: selfOf(view) };
  for (const instance of view.instances) if (!instance.self && instance.listed.includes(id)) return { kind: 'other', instance };
  return { kind: 'none' };
}

export const LINK_WORDS: Record<RedisLinkState, string> = {
  connecting: 'connecting',
  connected: 'connected',
  degraded: 'degraded',
  fenced: 'fenced',
  closed: 'left the cluster',
};

/** What each state means for the clients, in one line. */
export const LINK_MEANING: Record<RedisLinkState, string> = {
  connecting: 'waiting for Redis to answer',
  connected: 'ids are unique cluster-wide; frames reach every instance',
  degraded: "Redis does not answer: this instance's clients still reach each other, frames for other instances wait here",
  fenced: "the lease ran out: this instance no longer claims ids in Redis and serves its own clients only until Redis answers",
  closed: 'this instance left the cluster',
};

/** "0.42 ms", "12 ms", "1.3 s", or "—". */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2).replace(/\.?0+$/, '')} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "p50 0.8 ms · p99 3.1 ms", or a plain word when nothing was measured. */
export function formatPercentiles(l: LatencySummary | null | undefined): string {
  if (!l || l.count === 0) return 'no cross-instance frame yet';
  return `p50 ${formatLatency(l.p50)} · p99 ${formatLatency(l.p99)}`;
}

/** "12.5/s", "0/s", or "—". */
export function formatRate(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `${n >= 100 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 10) / 10)}/s`;
}
