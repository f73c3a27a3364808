import { useEffect, useState } from 'react';
import { Banners } from './components/Banners.js';
import { ConnectCard } from './components/ConnectCard.js';
import { FlowsView } from './components/FlowsView.js';
import { PeersTable } from './components/PeersTable.js';
import { SettingsForm } from './components/SettingsForm.js';
import { StatsView } from './components/StatsView.js';
import { StatusBar } from './components/StatusBar.js';
import { Tabs, type TabId } from './components/Tabs.js';
import { TrafficView } from './components/TrafficView.js';
import { EMPTY_FILTER, type TrafficFilter } from './lib/filters.js';
import { useStore } from './state/hooks.js';

export function App() {
  const store = useStore();
  const [tab, setTab] = useState<TabId>('traffic');
  const [filter, setFilter] = useState<TrafficFilter>(EMPTY_FILTER);

  useEffect(() => {
    store.setTrafficFilter(filter);
  }, [store, filter]);

  const selectPeer = (peer: string) => {
    setFilter((f) => ({ ...f, peer: f.peer === peer ? '' : peer }));
    setTab('traffic');
  };

  return (
    <div className="app">
      <StatusBar />
      <Banners />
      <section className="top" aria-label="Server overview">
        <ConnectCard />
        <PeersTable selectedPeer={filter.peer} onSelect={selectPeer} />
      </section>
      <main className="workspace">
        <Tabs value={tab} onChange={setTab} />
        <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {tab === 'traffic' && <TrafficView filter={filter} onFilter={setFilter} />}
          {tab === 'flows' && <FlowsView />}
          {tab === 'stats' && <StatsView />}
          {tab === 'settings' && <SettingsForm />}
        </div>
      </main>
    </div>
  );
}
