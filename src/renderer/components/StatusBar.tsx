import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../lib/format.js';
import { useMeta, useNow, useStore } from '../state/hooks.js';
import { ConfirmButton } from './ConfirmButton.js';
import { SessionMenu } from './SessionMenu.js';

const STATUS_LABEL: Record<string, string> = {
  running: 'Running',
  starting: 'Starting…',
  stopping: 'Stopping…',
  stopped: 'Stopped',
  error: 'Error',
  lost: 'Link lost',
};

/** The question Stop asks when peers would be cut off, else null (act at once). */
export function stopQuestion(peerCount: number): string | null {
  if (peerCount <= 0) return null;
  return `Stop the server? ${peerCount === 1 ? '1 connected peer' : `${peerCount} connected peers`} will be disconnected.`;
}

export function StatusBar() {
  const store = useStore();
  const meta = useMeta();
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const [commandError, setCommandError] = useState<string | null>(null);
  const state = meta.state;
  // A failed Start/Stop message is about the state it failed in: once the server moves on, it is stale.
  const stateKey = `${state?.status ?? ''}:${state?.startedAt ?? ''}`;
  const errorAt = useRef(stateKey);
  useEffect(() => {
    if (commandError !== null && !busy && errorAt.current !== stateKey) setCommandError(null);
  }, [commandError, busy, stateKey]);
  const offline = meta.mode.kind === 'imported';
  // With the link lost, what we last heard is not the truth any more: say so, stop the clock.
  const lost = !offline && meta.link === 'lost';
  const status = offline ? 'imported' : lost ? 'lost' : (state?.status ?? 'connecting');
  const running = state?.status === 'running' && !lost;
  const canControl = !offline && !meta.readOnly && meta.link === 'open' && !busy;

  const run = async (cmd: 'start' | 'stop') => {
    setBusy(true);
    setCommandError(null);
    const result = cmd === 'start' ? await store.bridge.start() : await store.bridge.stop();
    await store.refreshSnapshot().catch(() => undefined);
    if (!result.ok) {
      errorAt.current = `${store.getMeta().state?.status ?? ''}:${store.getMeta().state?.startedAt ?? ''}`;
      setCommandError(result.error);
    }
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
      {!lost && state?.status === 'error' && state.error && (
        <span className="status-error" data-testid="server-error">
          {state.error}
        </span>
      )}
      {commandError && commandError !== state?.error && <span className="status-error">{commandError}</span>}
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
        <ConfirmButton
          className="btn"
          disabled={!canControl || !running}
          confirm={stopQuestion(meta.peers.length)}
          confirmLabel="Stop server"
          cancelLabel="Keep running"
          onConfirm={() => void run('stop')}
        >
          Stop
        </ConfirmButton>
        <SessionMenu />
      </div>
    </header>
  );
}
