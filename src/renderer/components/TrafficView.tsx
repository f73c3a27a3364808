import { useEffect, useMemo, useState } from 'react';
import type { TrafficFilter } from '../lib/filters.js';
import { findByN, upperBound } from '../lib/search.js';
import { useMeta, useStore, useTrafficVersion } from '../state/hooks.js';
import { Inspector } from './Inspector.js';
import { TrafficFilters } from './TrafficFilters.js';
import { TrafficList } from './TrafficList.js';

export function TrafficView({ filter, onFilter }: { filter: TrafficFilter; onFilter: (f: TrafficFilter) => void }) {
  const store = useStore();
  const meta = useMeta();
  const version = useTrafficVersion();
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(null);

  useEffect(() => {
    store.paused = pausedAt !== null;
  }, [store, pausedAt]);

  const view = store.traffic.view;
  const rows = useMemo(
    () => (pausedAt === null ? view : view.slice(0, upperBound(view, pausedAt))),
    // `view` is appended in place; `version` changes whenever the buffer or the filter changes.
    [view, pausedAt, version],
  );
  const arrived = pausedAt === null ? 0 : store.traffic.lastN - pausedAt;
  const selectedRow = selected === null ? null : findByN(store.traffic.all, selected);

  return (
    <div className="traffic">
      <TrafficFilters
        filter={filter}
        onFilter={onFilter}
        peers={meta.peers.map((p) => p.id)}
        paused={pausedAt !== null}
        arrived={arrived}
        onPause={() => setPausedAt(pausedAt === null ? store.traffic.lastN : null)}
        shown={rows.length}
        held={store.traffic.all.length}
        limit={meta.history?.maxEvents ?? store.traffic.limit}
        historyBytes={meta.history?.maxBytes ?? null}
      />
      <div className="traffic-split">
        <TrafficList rows={rows} selected={selected} onSelect={setSelected} follow={pausedAt === null} />
        <Inspector row={selectedRow} missing={selected !== null && selectedRow === null} />
      </div>
    </div>
  );
}
