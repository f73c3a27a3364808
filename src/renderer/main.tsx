import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/ops.css';
import './styles/views.css';
import './styles/cluster.css';
import { App } from './App.js';
import { pickBridge } from './bridge/pick.js';
import { isLinkAware } from './bridge/link.js';
import { StoreContext } from './state/hooks.js';
import { DashboardStore } from './state/store.js';

const bridge = pickBridge();
const store = new DashboardStore(bridge);
if (isLinkAware(bridge)) {
  let wasLost = false;
  bridge.onLink((state, error) => {
    if (state === 'lost') {
      wasLost = true;
      store.setLink('lost', error);
    } else if (wasLost) {
      wasLost = false;
      void store.connect();
    }
  });
}
void store.connect();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
}
