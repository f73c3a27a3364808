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
  /**
   * The cell's content. A cell is one element where it can be (its class and title come from `cell`):
   * every element of a row is created, styled, laid out and painted again for each row scrolled in.
   */
  render: (row: PeerRow, now: number) => ReactNode;
  /** Class and title of the cell element itself (e.g. a truncated text with its full value on hover). */
  cell?: (row: PeerRow, now: number) => { className?: string; title?: string };
}

export const PEER_COLUMNS: PeerColumn[] = [
  {
    id: 'health',
    header: 'Health',
    width: '58px',
    value: V.health,
    render: (r) => {
      const label = r.gone ? `gone: ${r.gone.reason}` : `${HEALTH_LABEL[r.health]} (heartbeat every ${formatDuration(r.interval)})`;
      // One element: named by aria-label (a visually hidden text inside was a clipped box of its own per row).
      return <span className={`badge health-${r.gone ? 'gone' : r.health}`} role="img" aria-label={label} data-testid="health" data-health={r.gone ? 'gone' : r.health} title={label} />;
    },
  },
  {
    id: 'id',
    header: 'Peer id',
    width: 'minmax(90px, 1.6fr)',
    value: V.id,
    cell: () => ({ className: 'peer-id-cell' }),
    render: (r) => (
      <>
        <span className="truncate mono peer-id" title={r.id}>
          {r.id}
        </span>
        {r.problems > 0 && (
          <span className="problem-count" title={`${r.problems} problem(s): see the Problems tab`}>
            {r.problems}
          </span>
        )}
      </>
    ),
  },
  {
    id: 'remote',
    header: 'Remote',
    width: 'minmax(70px, 1fr)',
    value: V.remote,
    cell: (r) => ({ className: 'truncate mono', title: r.info.remote || '—' }),
    render: (r) => r.info.remote || '—',
  },
  {
    id: 'lastSeen',
    header: 'Last seen',
    width: 'minmax(96px, 1.2fr)',
    value: V.lastSeen,
    cell: (r, now) => (r.gone ? { className: 'truncate gone-reason', title: `${r.gone.reason} · ${formatAgo(now - r.gone.time)}` } : { className: `health-text-${r.health}` }),
    render: (r, now) => (r.gone ? `${r.gone.reason} · ${formatAgo(now - r.gone.time)}` : formatAgo(now - r.info.lastSeen)),
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
