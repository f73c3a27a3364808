import { useMemo } from 'react';
import type { Navigate } from '../lib/navigate.js';
import { findByN } from '../lib/search.js';
import { useMeta, useStore, useTrafficVersion } from '../state/hooks.js';
import { Inspector } from './Inspector.js';
import { TrafficFilters } from './TrafficFilters.js';
import { TrafficList } from './TrafficList.js';

interface Props {
  selected: number | null;
  /** An event linked from elsewhere that has left the buffer. */
  missingSeq: number | null;
  onSelect: (n: number) => void;
  navigate: Navigate;
}

export function TrafficView({ selected, missingSeq, onSelect, navigate }: Props) {
  const store = useStore();
  const meta = useMeta();
  useTrafficVersion();
  const traffic = store.traffic;
  const peerIds = useMemo(() => meta.peers.map((p) => p.id), [meta.peers]);
  const rows = traffic.view;
  const selectedRow = selected === null ? null : findByN(traffic.shownSource, selected);

  return (
    <div className="traffic">
      <TrafficFilters
        peers={peerIds}
        shown={rows.length}
        held={traffic.shownSource.length}
        arrived={traffic.arrivedSinceFreeze}
        limit={meta.history?.maxEvents ?? traffic.limit}
        historyBytes={meta.history?.maxBytes ?? null}
        dropped={meta.mode.kind === 'live' ? meta.droppedEvents : 0}
      />
      <div className="traffic-split">
        <TrafficList rows={rows} selected={selected} onSelect={onSelect} follow={!meta.paused} folded={meta.filter.fold} />
        <Inspector row={selectedRow} missing={(selected !== null && selectedRow === null) || missingSeq !== null} navigate={navigate} />
      </div>
    </div>
  );
}
