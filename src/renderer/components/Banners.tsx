import { TOKEN_REFUSED } from '../bridge/web.js';
import { LINK_MEANING, LINK_WORDS } from '../lib/cluster.js';
import { useMeta, useStore } from '../state/hooks.js';

/** Notices that change how to read the dashboard: offline file, lost link, settings fallback, dropped events (shown in the traffic toolbar, where it moves nothing under the pointer). */
export function Banners() {
  const store = useStore();
  const meta = useMeta();
  return (
    <div className="banners" aria-live="polite">
      {meta.mode.kind === 'imported' && (
        <div className="banner banner-info" data-testid="imported-banner">
          Viewing <strong>{meta.mode.name}</strong> (exported {new Date(meta.mode.exportedAt).toLocaleString()}). Nothing here is live.
          <button type="button" className="btn btn-small" onClick={() => void store.backToLive()}>
            Back to live
          </button>
        </div>
      )}
      {meta.mode.kind === 'live' && meta.link === 'lost' && (
        <div className="banner banner-error" role="alert">
          {meta.linkError === TOKEN_REFUSED ? (
            <>
              {TOKEN_REFUSED}{' '}
              <a href="/" data-testid="enter-token">
                Enter the token
              </a>
            </>
          ) : (
            <>{meta.linkError ?? 'Lost the link to the server'} — reconnecting…</>
          )}
        </div>
      )}
      {meta.settingsNotice && <div className="banner banner-warn">{meta.settingsNotice}</div>}
      {meta.mode.kind === 'live' && (meta.cluster?.redis.state === 'degraded' || meta.cluster?.redis.state === 'fenced') && (
        <div className="banner banner-warn" data-testid="cluster-banner">
          Cluster {LINK_WORDS[meta.cluster.redis.state]}: {LINK_MEANING[meta.cluster.redis.state]}. ({meta.cluster.redis.why})
        </div>
      )}
    </div>
  );
}
