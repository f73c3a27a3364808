/** The columns of the peers table, each defined once: header, sort value, cell rendering. */
import type { ReactNode } from 'react';
import { formatAgo, formatBytes, formatCount, formatDuration } from '../lib/format.js';
import { HEALTH_LABEL } from '../lib/health.js';
import { PEER_SORT_VALUES as V, type ColumnSort, type PeerRow } from '../lib/peer-sort.js';
import { InstanceCell } from './ClusterCells.js';

export interface PeerColumn extends ColumnSort<PeerRow> {
  id: string;
  header: string;
  title?: string;
  numeric?: boolean;
  /** CSS grid track. */
  width: string;
  /** Left out when the table is narrow (the rest stays readable, nothing is pushed out). */
  optional?: boolean;
  /** Shown only while the server is a cluster member (`--redis`). */
  clusterOnly?: boolean;
  render: (row: PeerRow, now: number) => ReactNode;
}

function Truncated({ text, className = '' }: { text: string; className?: string }) {
  return (
    <span className={`truncate ${className}`} title={text}>
      {text}
    </span>
  );
}

export const PEER_COLUMNS: PeerColumn[] = [
  {
    id: 'health',
    header: 'Health',
    width: '58px',
    value: V.health,
    render: (r) => {
      const label = r.gone ? `gone: ${r.gone.reason}` : `${HEALTH_LABEL[r.health]} (heartbeat every ${formatDuration(r.interval)})`;
      return (
        <span className={`badge health-${r.gone ? 'gone' : r.health}`} data-testid="health" data-health={r.gone ? 'gone' : r.health} title={label}>
          <span className="visually-hidden">{label}</span>
        </span>
      );
    },
  },
  {
    id: 'id',
    header: 'Peer id',
    width: 'minmax(90px, 1.6fr)',
    value: V.id,
    render: (r) => (
      <span className="peer-id-cell">
        <Truncated text={r.id} className="mono peer-id" />
        {r.problems > 0 && (
          <span className="problem-count" title={`${r.problems} problem(s): see the Problems tab`}>
            {r.problems}
          </span>
        )}
      </span>
    ),
  },
  { id: 'remote', header: 'Remote', width: 'minmax(70px, 1fr)', value: V.remote, render: (r) => <Truncated text={r.info.remote || '—'} className="mono" /> },
  {
    id: 'lastSeen',
    header: 'Last seen',
    width: 'minmax(96px, 1.2fr)',
    value: V.lastSeen,
    render: (r, now) =>
      r.gone ? (
        <Truncated text={`${r.gone.reason} · ${formatAgo(now - r.gone.time)}`} className="gone-reason" />
      ) : (
        <span className={`health-text-${r.health}`}>{formatAgo(now - r.info.lastSeen)}</span>
      ),
  },
  { id: 'connectedAt', header: 'Since', width: '76px', optional: true, value: V.connectedAt, render: (r, now) => (r.gone ? '—' : formatDuration(Math.max(0, now - r.info.connectedAt))) },
  {
    id: 'messages',
    header: 'Msgs in/out',
    numeric: true,
    width: '96px',
    value: V.messages,
    render: (r) => `${formatCount(r.info.messagesIn)} / ${formatCount(r.info.messagesOut)}`,
  },
  {
    id: 'bytes',
    header: 'Bytes in/out',
    numeric: true,
    optional: true,
    width: '124px',
    value: V.bytes,
    render: (r) => `${formatBytes(r.info.bytesIn)} / ${formatBytes(r.info.bytesOut)}`,
  },
  {
    id: 'pendingOut',
    header: 'Queued',
    numeric: true,
    width: '60px',
    title: 'Messages from this peer held for peers that have not connected yet',
    value: V.pendingOut,
    render: (r) => (r.info.pendingOut > 0 ? <strong>{formatCount(r.info.pendingOut)}</strong> : 0),
  },
  {
    id: 'instance',
    header: 'Instance',
    width: 'minmax(110px, 1.2fr)',
    title: 'The cluster instance holding the peer (every peer listed here is connected to this one; the Cluster tab lists the others)',
    optional: true,
    clusterOnly: true,
    // Every row is a peer of this instance: no order among them (ties sort by id).
    value: () => 0,
    render: (r) => (r.live ? <InstanceCell /> : '—'),
  },
];

export const PEER_COLUMN_BY_ID: Record<string, PeerColumn> = Object.fromEntries(PEER_COLUMNS.map((c) => [c.id, c]));
