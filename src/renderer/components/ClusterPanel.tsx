import type { ClusterInstanceView, ClusterView } from '../../shared/cluster.js';
import { MAX_LISTED_IDS } from '../../shared/cluster.js';
import { formatLatency, formatPercentiles, formatRate, instanceLabel, LINK_MEANING, LINK_WORDS } from '../lib/cluster.js';
import { formatAgo, formatBytes, formatClock, formatCount, formatDuration } from '../lib/format.js';
import { useMeta, useNow } from '../state/hooks.js';

function Figure({ label, value, warn, testId, title }: { label: string; value: string; warn?: boolean; testId?: string; title?: string }) {
  return (
    <div className={`total ${warn ? 'warn' : ''}`} data-testid={testId} title={title}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** host:port of a Redis URL (never its password). */
function redisHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'the Redis set in Settings';
  }
}

const dash = (n: number | null | undefined, f: (n: number) => string = formatCount): string => (n === null || n === undefined ? '—' : f(n));

/**
 * The Cluster view: this instance's link to Redis, the cluster-wide figures, and one row per live
 * instance (with the ids it holds). Outside cluster mode it says how to join one.
 */
export function ClusterPanel() {
  const meta = useMeta();
  const now = useNow(1000);
  if (meta.mode.kind === 'imported') {
    return <p className="muted pad">The Cluster view is live only: an imported session has no cluster figures.</p>;
  }
  const view = meta.cluster;
  if (!view) {
    const redis = meta.settings?.redis;
    if (redis && meta.state?.status !== 'running') {
      return (
        <p className="muted pad" data-testid="cluster-none">
          Cluster mode is set (Redis at <code>{redisHost(redis)}</code>): start the server to join the cluster.
        </p>
      );
    }
    return (
      <div className="cluster-empty pad" data-testid="cluster-none">
        <p>
          <strong>Not in a cluster</strong> — start with <code>--redis &lt;url&gt;</code>.
        </p>
        <p className="muted">
          Several Switchboards sharing one Redis act as one PeerJS server: set <em>Redis (cluster)</em> in Settings, or run <code>switchboard --redis redis://host:6379</code> on each machine.
        </p>
      </div>
    );
  }
  return <ClusterDetails view={view} now={now} />;
}

function ClusterDetails({ view, now }: { view: ClusterView; now: number }) {
  const link = view.redis;
  const bad = link.state !== 'connected';
  const q = view.queued;
  return (
    <div className="cluster" tabIndex={0} role="region" aria-label="Cluster" data-testid="cluster-view">
      <section className={`cluster-link ${bad ? 'cluster-link-bad' : 'cluster-link-ok'}`} aria-label="Link to Redis" data-testid="redis-link" data-state={link.state}>
        <h2>
          Redis <span className="mono">{link.address}</span>: <span data-testid="redis-state">{LINK_WORDS[link.state]}</span>
        </h2>
        <p>
          Since {formatClock(link.since)} ({formatAgo(now - link.since)}): <span data-testid="redis-why">{link.why}</span>
        </p>
        <p className="muted">{LINK_MEANING[link.state]}</p>
      </section>
      <dl className="totals" aria-label="Cluster figures">
        <Figure label="Redis round trip" value={formatLatency(link.rttMs)} testId="redis-rtt" title="The last lease renewal's round trip to Redis" />
        <Figure
          label="Cross-instance latency"
          value={formatPercentiles(view.latency)}
          testId="cluster-latency"
          title="Frames relayed through Redis: sender's routing to delivery, on Redis's clock (each instance's clock offset-corrected to Redis TIME), last 30–60 s, all instances merged"
        />
        <Figure label="Frames measured" value={formatCount(view.latency.count)} />
        <Figure label="Instances" value={formatCount(view.instances.length)} testId="cluster-instances" />
        <Figure label="Registry (ids held)" value={dash(view.registry)} testId="cluster-registry" />
        <Figure label="Queued in Redis" value={q ? `${formatCount(q.messages)} msg${q.messages === 1 ? '' : 's'} (${formatBytes(q.bytes)}) for ${formatCount(q.ids)} id${q.ids === 1 ? '' : 's'}` : '—'} warn={(q?.messages ?? 0) > 0} testId="cluster-queued" />
        <Figure label="Takeovers" value={formatCount(view.takeovers)} testId="cluster-takeovers" title="Ids taken over by a reconnect on another instance" />
        <Figure label="Reaps" value={formatCount(view.reaped)} testId="cluster-reaped" title="Dead instances whose ids were freed" />
      </dl>
      <div className="cluster-table-wrap" tabIndex={0} role="region" aria-label="Instances table">
        <table className="cluster-table" data-testid="cluster-table">
          <caption className="visually-hidden">Live instances, this one first</caption>
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col" className="num">Uptime</th>
              <th scope="col" className="num" title="Time since its last lease renewal">Lease age</th>
              <th scope="col" className="num">Clients</th>
              <th scope="col" className="num" title="Ids it holds in the registry">Ids</th>
              <th scope="col" className="num" title="Relayed between its own clients, per second">Local msgs/s</th>
              <th scope="col" className="num" title="Sent to / received from other instances through Redis, per second">Cross-instance out / in</th>
              <th scope="col" className="num" title="Latency of the frames that reached it from the others">Latency p50 / p99</th>
              <th scope="col" className="num">Takeovers</th>
              <th scope="col" className="num">Reaps</th>
            </tr>
          </thead>
          <tbody>
            {view.instances.map((i) => (
              <InstanceRow key={i.id} i={i} />
            ))}
          </tbody>
        </table>
      </div>
      <section className="cluster-ids" aria-label="Ids held per instance">
        <h3>Peers by instance</h3>
        {view.instances.map((i) => (
          <details key={i.id} data-testid="instance-ids" data-instance={i.id}>
            <summary>
              {instanceLabel(i)}
              {i.self ? ' (this one)' : ''}: {i.ids === null ? 'unknown (Redis not answering)' : `${formatCount(i.ids)} id${i.ids === 1 ? '' : 's'}`}
            </summary>
            {i.listed.length > 0 ? (
              <p className="mono cluster-id-list">
                {i.listed.join(', ')}
                {i.ids !== null && i.ids > i.listed.length ? ` … and ${formatCount(i.ids - i.listed.length)} more (${MAX_LISTED_IDS} listed at most)` : ''}
              </p>
            ) : (
              <p className="muted">None listed.</p>
            )}
          </details>
        ))}
      </section>
    </div>
  );
}

function InstanceRow({ i }: { i: ClusterInstanceView }) {
  const stale = i.reportAgeMs !== null && i.leaseAgeMs !== null && i.reportAgeMs > 3 * Math.max(i.leaseAgeMs, 2000);
  return (
    <tr data-testid="instance-row" data-instance={i.id} data-self={i.self ? 'true' : undefined}>
      <th scope="row">
        <span className="mono" title={`${i.id} · listens on ${i.about}`}>
          {instanceLabel(i)}
        </span>
        {i.self && <span className="cluster-self"> this one</span>}
        {stale && <span className="muted small"> (figures {formatDuration(i.reportAgeMs ?? 0)} old)</span>}
      </th>
      <td className="num">{dash(i.uptimeMs, formatDuration)}</td>
      <td className="num">{dash(i.leaseAgeMs, formatDuration)}</td>
      <td className="num" data-testid="instance-clients">
        {dash(i.clients)}
      </td>
      <td className="num">{dash(i.ids)}</td>
      <td className="num">{formatRate(i.rates?.local)}</td>
      <td className="num">
        {formatRate(i.rates?.crossOut)} / {formatRate(i.rates?.crossIn)}
      </td>
      <td className="num" data-testid="instance-latency">
        {i.latency && i.latency.count > 0 ? `${formatLatency(i.latency.p50)} / ${formatLatency(i.latency.p99)}` : '—'}
      </td>
      <td className="num">{dash(i.takeovers)}</td>
      <td className="num">{dash(i.reaped)}</td>
    </tr>
  );
}
