import { useState, type KeyboardEvent } from 'react';
import { formatBytes, formatCount, formatDuration } from '../lib/format.js';
import { HEALTH_LABEL, healthOf } from '../lib/health.js';
import { sortPeers, type PeerSort, type PeerSortKey } from '../lib/peer-sort.js';
import { useMeta, useNow, useStore } from '../state/hooks.js';
import { ConfirmButton } from './ConfirmButton.js';

const COLUMNS: { key: PeerSortKey; label: string; numeric?: boolean; title?: string }[] = [
  { key: 'id', label: 'Peer id' },
  { key: 'remote', label: 'Remote' },
  { key: 'connectedAt', label: 'Since' },
  { key: 'lastSeen', label: 'Last seen' },
  { key: 'messages', label: 'Msgs in/out', numeric: true },
  { key: 'bytes', label: 'Bytes in/out', numeric: true },
  { key: 'pendingOut', label: 'Queued', numeric: true, title: 'Messages from this peer held for peers that have not connected yet' },
];

export function PeersTable({ selectedPeer, onSelect }: { selectedPeer: string; onSelect: (id: string) => void }) {
  const store = useStore();
  const meta = useMeta();
  const now = useNow(500);
  const [sort, setSort] = useState<PeerSort>({ key: 'connectedAt', dir: 'asc' });
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const aliveTimeout = meta.settings?.alive_timeout ?? 90_000;
  const peers = sortPeers(meta.peers, sort, query);
  const live = meta.mode.kind === 'live' && !meta.readOnly;

  const toggleSort = (key: PeerSortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));

  const disconnect = async (id: string) => {
    setError(null);
    const result = await store.bridge.disconnectPeer(id);
    if (!result.ok) setError(`${id}: ${result.error}`);
  };

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, id: string) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(id);
    }
  };

  return (
    <section className="card peers-card" aria-labelledby="peers-title">
      <div className="card-head">
        <h2 id="peers-title">
          Peers <span className="count" data-testid="peer-count">{meta.peers.length}</span>
        </h2>
        <span className="muted small">alive_timeout {formatDuration(aliveTimeout)}</span>
        <input
          type="search"
          className="input input-small"
          placeholder="Filter peers"
          aria-label="Filter peers by id or address"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
      <div className="table-scroll">
        <table className="peers" data-testid="peers-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Health</span>
              </th>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort" title={c.title} onClick={() => toggleSort(c.key)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {peers.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length + 2} className="empty">
                  {meta.peers.length === 0 ? 'No peer is connected.' : 'No peer matches the filter.'}
                </td>
              </tr>
            )}
            {peers.map((p) => {
              const health = healthOf(p.lastSeen, now, aliveTimeout);
              const selected = p.id === selectedPeer;
              return (
                <tr
                  key={p.id}
                  data-peer={p.id}
                  className={selected ? 'selected' : undefined}
                  aria-selected={selected}
                  tabIndex={0}
                  onClick={() => onSelect(p.id)}
                  onKeyDown={(e) => onRowKey(e, p.id)}
                >
                  <td>
                    <span className={`badge health-${health}`} data-testid="health" data-health={health} title={HEALTH_LABEL[health]}>
                      <span className="visually-hidden">{HEALTH_LABEL[health]}</span>
                    </span>
                  </td>
                  <td className="mono peer-id">{p.id}</td>
                  <td className="mono">{p.remote}</td>
                  <td>{formatDuration(now - p.connectedAt)}</td>
                  <td className={`health-text-${health}`}>{formatDuration(now - p.lastSeen)} ago</td>
                  <td className="num">
                    {formatCount(p.messagesIn)} / {formatCount(p.messagesOut)}
                  </td>
                  <td className="num">
                    {formatBytes(p.bytesIn)} / {formatBytes(p.bytesOut)}
                  </td>
                  <td className="num">{p.pendingOut > 0 ? <strong>{formatCount(p.pendingOut)}</strong> : 0}</td>
                  <td>
                    <ConfirmButton
                      className="btn btn-small btn-danger"
                      disabled={!live}
                      ariaLabel={`Disconnect ${p.id}`}
                      confirm={`Disconnect ${p.id}? Its page stays offline until it reconnects.`}
                      confirmLabel="Disconnect"
                      onConfirm={() => void disconnect(p.id)}
                    >
                      Disconnect
                    </ConfirmButton>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
