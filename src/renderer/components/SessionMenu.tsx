import { useRef, useState, type ChangeEvent } from 'react';
import { exportSession, importSession } from '../lib/session-file.js';
import { useStore } from '../state/hooks.js';

function fileName(now: Date): string {
  const iso = now.toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  return `switchboard-session-${iso}.ndjson`;
}

/** Export the session (events and peers) as NDJSON; import one to view offline. */
export function SessionMenu() {
  const store = useStore();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);

  const onExport = () => {
    const meta = store.getMeta();
    const text = exportSession({
      exportedAt: Date.now(),
      settings: meta.settings,
      history: meta.history,
      peers: meta.peers,
      events: store.eventsShown(),
    });
    const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName(new Date());
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    const result = importSession(await file.text());
    if (!result.ok) {
      setError(`${file.name}: ${result.error}`);
      return;
    }
    store.showImported(file.name, result.data);
  };

  return (
    <div className="session-menu">
      <button type="button" className="btn" onClick={onExport} title="Save events and peers as NDJSON">
        Export
      </button>
      <button type="button" className="btn" onClick={() => input.current?.click()} title="Open an exported session">
        Import…
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        accept=".ndjson,.jsonl,application/x-ndjson,application/json"
        aria-label="Import a session file"
        data-testid="import-input"
        tabIndex={-1}
        onChange={(e) => void onImport(e)}
      />
      {error && (
        <span className="status-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
