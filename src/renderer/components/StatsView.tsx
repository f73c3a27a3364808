import type { MessageTypeName } from '../../shared/events.js';
import { formatBytes, formatCount } from '../lib/format.js';
import { useMeta, useSeriesVersion, useStore } from '../state/hooks.js';
import { TimeChart, type ChartSeries } from './TimeChart.js';

const CHART_TYPES: MessageTypeName[] = ['OFFER', 'ANSWER', 'CANDIDATE', 'HEARTBEAT', 'LEAVE', 'EXPIRE', 'ERROR', 'OPEN'];

/**
 * The type colours of the theme (one per type, light or dark), so the chart matches the traffic list. The
 * variable holds `light-dark(…)`, which a canvas cannot read: an element resolves it to one colour.
 */
const resolvedColors = new Map<string, string>();

function typeColor(type: MessageTypeName): string {
  const key = `${matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'} ${type}`;
  const known = resolvedColors.get(key);
  if (known) return known;
  const probe = document.createElement('span');
  probe.style.color = `var(--t-${type.toLowerCase()}, #888)`;
  document.body.appendChild(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  resolvedColors.set(key, value || '#888');
  return value || '#888';
}

function Total({ label, value, warn, testId }: { label: string; value: string; warn?: boolean; testId?: string }) {
  return (
    <div className={`total ${warn ? 'warn' : ''}`} data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function StatsView() {
  const store = useStore();
  const meta = useMeta();
  const version = useSeriesVersion();
  const s = store.series.value;
  const st = meta.stats;
  const rateSeries: ChartSeries[] = CHART_TYPES.map((type) => ({
    label: type,
    color: typeColor(type),
    values: s.rates[type],
  }));
  const sum = (r: Record<string, number> | undefined) => Object.values(r ?? {}).reduce((a, b) => a + b, 0);

  if (meta.mode.kind === 'imported') {
    return <p className="muted pad">Stats are live only: an imported session shows its traffic, peers and flows.</p>;
  }
  return (
    <div className="stats" tabIndex={0} role="region" aria-label="Statistics">
      <dl className="totals" aria-label="Totals since the server started">
        <Total label="Peers now / peak" value={st ? `${st.peers} / ${st.peakPeers}` : '—'} />
        <Total label="Connections" value={st ? formatCount(st.connectionsTotal) : '—'} />
        <Total label="Refused" value={st ? formatCount(st.refusedTotal) : '—'} warn={(st?.refusedTotal ?? 0) > 0} />
        <Total label="Frames in / out" value={st ? `${formatCount(sum(st.messagesIn))} / ${formatCount(sum(st.messagesOut))}` : '—'} />
        <Total label="Bytes in / out" value={st ? `${formatBytes(st.bytesIn)} / ${formatBytes(st.bytesOut)}` : '—'} />
        <Total label="Queued now" value={st ? `${formatCount(st.queued)} (${formatBytes(st.queuedBytes)})` : '—'} warn={(st?.queued ?? 0) > 0} />
        <Total label="Queued total" value={st ? formatCount(st.queuedTotal) : '—'} />
        <Total
          label="Failed negotiations (expired)"
          value={st ? `${formatCount(store.problems.expiredNegotiations)} (${formatCount(st.expiredTotal)} message${st.expiredTotal === 1 ? '' : 's'})` : '—'}
          warn={store.problems.expiredNegotiations > 0}
          testId="expired-negotiations"
        />
        <Total label="Dropped" value={st ? formatCount(st.droppedTotal) : '—'} warn={(st?.droppedTotal ?? 0) > 0} />
        <Total label="Errors / malformed" value={st ? `${formatCount(st.errorsTotal)} / ${formatCount(st.malformedTotal)}` : '—'} warn={(st?.errorsTotal ?? 0) > 0} />
      </dl>
      <div className="charts">
          <TimeChart title="Peers connected" integer t={s.t} series={[{ label: 'peers', color: '#0ea5e9', values: s.peers }]} version={version} />
          <TimeChart title="Frames per second by type (in + out)" t={s.t} series={rateSeries} version={version} />
      </div>
    </div>
  );
}
