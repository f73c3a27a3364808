import { useState } from 'react';
import { formatDuration } from '../lib/format.js';
import { useMeta, useNow, useStore } from '../state/hooks.js';
import { SessionMenu } from './SessionMenu.js';

const STATUS_LABEL: Record<string, string> = {
  running: 'Running',
  starting: 'Starting…',
  stopping: 'Stopping…',
  stopped: 'Stopped',
  error: 'Error',
};

export function StatusBar() {
  const store = useStore();
  const meta = useMeta();
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const [commandError, setCommandError] = useState<string | null>(null);
  const state = meta.state;
  const offline = meta.mode.kind === 'imported';
  const status = offline ? 'imported' : (state?.status ?? 'connecting');
  const running = state?.status === 'running';
  const canControl = !offline && !meta.readOnly && meta.link === 'open' && !busy;

  const run = async (cmd: 'start' | 'stop') => {
    setBusy(true);
    setCommandError(null);
    const result = cmd === 'start' ? await store.bridge.start() : await store.bridge.stop();
    if (!result.ok) setCommandError(result.error);
    await store.refreshSnapshot().catch(() => undefined);
    setBusy(false);
  };

  const settings = meta.settings;
  return (
    <header className="statusbar">
      <div className="brand" aria-label="Switchboard">
        <span className="brand-mark" aria-hidden="true" />
        Switchboard
      </div>
      <div className={`status-pill status-${status}`} role="status" aria-live="polite" data-testid="server-status">
        <span className="dot" aria-hidden="true" />
        {offline ? 'Imported session' : (STATUS_LABEL[status] ?? 'Connecting…')}
      </div>
      {state?.status === 'error' && state.error && (
        <span className="status-error" data-testid="server-error">
          {state.error}
        </span>
      )}
      {commandError && <span className="status-error">{commandError}</span>}
      <dl className="status-facts">
        <div>
          <dt>Uptime</dt>
          <dd data-testid="uptime">{running && state?.startedAt ? formatDuration(now - state.startedAt) : '—'}</dd>
        </div>
        <div>
          <dt>Bind</dt>
          <dd>{state?.host ?? settings?.host ?? '—'}</dd>
        </div>
        <div>
          <dt>Port</dt>
          <dd data-testid="port">{state?.port ?? settings?.port ?? '—'}</dd>
        </div>
        <div>
          <dt>Key</dt>
          <dd>{settings?.key ?? '—'}</dd>
        </div>
        <div>
          <dt>Path</dt>
          <dd>{settings?.path ?? '—'}</dd>
        </div>
      </dl>
      <div className="statusbar-actions">
        <button type="button" className="btn btn-primary" disabled={!canControl || running} onClick={() => void run('start')}>
          Start
        </button>
        <button type="button" className="btn" disabled={!canControl || !running} onClick={() => void run('stop')}>
          Stop
        </button>
        <SessionMenu />
      </div>
    </header>
  );
}
