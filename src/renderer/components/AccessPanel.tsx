import { useState } from 'react';
import { isTokenAware } from '../bridge/link.js';
import { useMeta, useStore } from '../state/hooks.js';
import { ConfirmButton } from './ConfirmButton.js';

/**
 * Dashboard access (browser dashboard only): the token stays the same across restarts; regenerating it
 * ends every open dashboard (old links and bookmarks stop working) and reloads this one with the new token.
 */
export function AccessPanel() {
  const store = useStore();
  const meta = useMeta();
  const [error, setError] = useState<string | null>(null);
  const bridge = store.bridge;
  if (!isTokenAware(bridge) || meta.mode.kind !== 'live') return null;

  const regenerate = async () => {
    setError(null);
    const result = await bridge.regenerateToken();
    if (!result.ok) {
      setError(result.error);
      return;
    }
    location.replace(`/?token=${encodeURIComponent(result.token)}`);
  };

  return (
    <section className="access-panel" aria-labelledby="access-title">
      <h3 id="access-title">Dashboard access</h3>
      <p className="help">
        This dashboard's address carries a token that stays the same across restarts (kept in the <code>dashboard-token</code> file in
        Switchboard's settings folder). Anyone with it can control the server.
      </p>
      <ConfirmButton
        className="btn"
        disabled={meta.readOnly || meta.link !== 'open'}
        confirm="Make a new token? Every open dashboard and bookmarked address stops working; this page reloads with the new one."
        confirmLabel="New token"
        onConfirm={() => void regenerate()}
      >
        Regenerate token
      </ConfirmButton>
      {error && (
        <p className="status-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
