import { useCallback, useState } from 'react';
import { Banners } from './components/Banners.js';
import { ClusterPanel } from './components/ClusterPanel.js';
import { ConnectCard } from './components/ConnectCard.js';
import { FlowsView } from './components/FlowsView.js';
import { PeersTable } from './components/PeersTable.js';
import { ProblemsView } from './components/ProblemsView.js';
import { SettingsForm } from './components/SettingsForm.js';
import { StatsView } from './components/StatsView.js';
import { StatusBar } from './components/StatusBar.js';
import { Tabs, type TabId } from './components/Tabs.js';
import { TrafficView } from './components/TrafficView.js';
import type { Navigate } from './lib/navigate.js';
import { useSelect, useStore } from './state/hooks.js';

export function App() {
  const store = useStore();
  // Selected values only: the whole tree must not re-render on every batch.
  const peerFilter = useSelect((s) => s.getMeta().filter.peer);
  const problemTotal = useSelect((s) => s.problems.total);
  const [tab, setTab] = useState<TabId>('traffic');
  /** The traffic row shown in the inspector (by row number). */
  const [selectedRow, setSelectedRow] = useState<number | null>(null);
  /** A linked event that the traffic buffer no longer holds (said in the inspector). */
  const [missingSeq, setMissingSeq] = useState<number | null>(null);
  /** The negotiation and the hop shown in the Flows view. */
  const [flow, setFlow] = useState<{ key: string | null; seq: number | null; pair?: readonly [string, string] }>({ key: null, seq: null });

  const selectPeer = (peer: string) => {
    store.setFilter({ peer: store.getMeta().filter.peer === peer ? '' : peer });
    setTab('traffic');
  };

  const navigate: Navigate = useCallback(
    (to) => {
      if (to.view === 'traffic') {
        if (to.filter) store.setFilter(to.filter);
        if (to.seq !== undefined) {
          const rows = store.traffic.shownSource;
          let row = null;
          for (let i = rows.length - 1; i >= 0 && !row; i--) if (rows[i]?.event.seq === to.seq) row = rows[i] ?? null;
          if (row) {
            // Folded copies are shown in their received frame's row.
            setSelectedRow(row.foldedInto !== 0 && store.getMeta().filter.fold ? row.foldedInto : row.n);
            setMissingSeq(null);
          } else {
            setSelectedRow(null);
            setMissingSeq(to.seq);
          }
        }
        setTab('traffic');
      } else {
        setFlow({ key: to.key, seq: to.seq ?? null, ...(to.pair ? { pair: to.pair } : {}) });
        setTab('flows');
      }
    },
    [store],
  );

  return (
    <div className="app">
      <a className="skip-link" href="#workspace">
        Skip to the traffic, problems and flows
      </a>
      <h1 className="visually-hidden">Switchboard dashboard</h1>
      <StatusBar />
      <Banners />
      {tab !== 'peers' && (
        <section className="top" aria-label="Server overview">
          <ConnectCard />
          <PeersTable selectedPeer={peerFilter} onSelect={selectPeer} onExpand={() => setTab('peers')} />
        </section>
      )}
      <main className="workspace" id="workspace" tabIndex={-1}>
        <Tabs value={tab} onChange={setTab} problems={problemTotal} />
        <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {tab === 'traffic' && <TrafficView
              selected={selectedRow}
              missingSeq={missingSeq}
              onSelect={(n) => {
                setSelectedRow(n);
                setMissingSeq(null);
              }}
              navigate={navigate}
            />}
          {tab === 'problems' && <ProblemsView navigate={navigate} />}
          {tab === 'peers' && <PeersTable selectedPeer={peerFilter} onSelect={selectPeer} full />}
          {tab === 'flows' && <FlowsView selectedKey={flow.key} selectedSeq={flow.seq} pair={flow.pair ?? null} onSelect={(key, seq) => setFlow({ key, seq })} navigate={navigate} />}
          {tab === 'stats' && <StatsView />}
          {tab === 'cluster' && <ClusterPanel />}
          {tab === 'settings' && <SettingsForm />}
        </div>
      </main>
    </div>
  );
}
