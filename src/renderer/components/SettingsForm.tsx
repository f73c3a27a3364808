import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { formWarnings, fromForm, FIELDS, issuesByField, toForm, type FormValues } from '../lib/settings-form.js';
import { useMeta, useStore } from '../state/hooks.js';
import { AccessPanel } from './AccessPanel.js';
import { HelpText } from './HelpText.js';

/** The server's lifecycle as one string: a message about an Apply is stale once this changes. */
function lifecycleKey(state: { status: string; startedAt: number | null; port: number | null } | null): string {
  return state ? `${state.status}:${state.startedAt ?? ''}:${state.port ?? ''}` : '';
}

/**
 * Server options with inline validation (the shared zod schema, plus "is this one of this computer's
 * addresses"). Apply is a transaction on the controller: if the new settings cannot be used (port in
 * use…), the error shows on the field, the server keeps running and nothing is saved.
 */
export function SettingsForm() {
  const store = useStore();
  const meta = useMeta();
  const current = meta.settings;
  const [values, setValues] = useState<FormValues | null>(current ? toForm(current) : null);
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  /** The last Apply's outcome, with the server lifecycle it was about (stale once that changes). */
  const [message, setMessage] = useState<{ ok: boolean; text: string; at: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const stateKey = lifecycleKey(meta.state);

  useEffect(() => {
    if (current && values === null) setValues(toForm(current));
  }, [current, values]);

  // "Applied…" next to a server that has since stopped (or restarted) would be a stale claim: clear it.
  useEffect(() => {
    if (message && message.at !== stateKey) setMessage(null);
  }, [message, stateKey]);

  const localAddresses = meta.localAddresses;
  const checked = useMemo(() => (values ? fromForm(values, { localAddresses }) : null), [values, localAddresses]);
  if (!values || !checked || !current) return <p className="muted pad">Waiting for the server's settings…</p>;

  const issues = { ...checked.issues, ...serverIssues };
  const warnings = formWarnings(values);
  const dirty = JSON.stringify(toForm(current)) !== JSON.stringify(values);
  const disabled = meta.readOnly || meta.mode.kind !== 'live';

  const set = (name: string, value: string | boolean) => {
    setValues({ ...values, [name]: value });
    setServerIssues({});
    setMessage(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!checked.settings) {
      setMessage({ ok: false, text: 'Fix the fields marked in red first.', at: stateKey });
      return;
    }
    setBusy(true);
    const wasRunning = meta.state?.status === 'running';
    const result = await store.bridge.applySettings(checked.settings);
    const snapshot = await store.bridge.getSnapshot().catch(() => null);
    await store.refreshSnapshot().catch(() => undefined);
    setBusy(false);
    const at = lifecycleKey(snapshot?.state ?? meta.state);
    if (result.ok) {
      const running = snapshot?.state.status === 'running';
      const text = running
        ? wasRunning
          ? `Applied. The server now runs with these settings (port ${snapshot?.state.port ?? checked.settings.port}).`
          : 'Applied. The server started with these settings.'
        : 'Saved. The server will use these settings when it starts.';
      setMessage({ ok: true, text, at });
      setValues(toForm(checked.settings));
    } else {
      const byField = issuesByField(result.issues ?? []);
      setServerIssues(byField);
      const kept = snapshot?.state.status === 'running' ? ` The server keeps running on port ${snapshot.state.port ?? '?'}; nothing was changed.` : ' Nothing was saved.';
      const onField = Object.keys(byField).length > 0 && !('(settings)' in byField);
      setMessage({ ok: false, text: `${onField ? 'Could not apply (see the field marked in red).' : result.error}${kept}`, at });
    }
  };

  return (
    <form className="settings" onSubmit={(e) => void submit(e)} noValidate aria-label="Server settings">
      <fieldset disabled={disabled || busy}>
        <div className="settings-grid">
          {FIELDS.map((f) => {
            const id = `setting-${f.name}`;
            const error = issues[f.name];
            const v = values[f.name];
            if (f.kind === 'boolean') {
              return (
                <div key={f.name} className="field field-check">
                  <label htmlFor={id}>
                    <input id={id} name={f.name} type="checkbox" checked={v === true} onChange={(e) => set(f.name, e.target.checked)} />
                    {f.label}
                  </label>
                  <span className="help">
                    <HelpText text={f.help} />
                  </span>
                </div>
              );
            }
            const warning = error ? undefined : warnings[f.name];
            return (
              <div key={f.name} className={`field ${error ? 'invalid' : ''} ${warning ? 'warned' : ''}`}>
                <label htmlFor={id}>
                  {f.label}
                  {f.unit ? <span className="muted"> ({f.unit})</span> : null}
                </label>
                <input
                  id={id}
                  name={f.name}
                  className="input"
                  inputMode={f.kind === 'number' ? 'numeric' : undefined}
                  value={String(v)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${id}-help`}
                  onChange={(e) => set(f.name, e.target.value)}
                />
                <span id={`${id}-help`} className={error ? 'field-error' : warning ? 'field-warning' : 'help'} role={error ? 'alert' : undefined}>
                  {error ?? warning ?? <HelpText text={f.help} />}
                </span>
              </div>
            );
          })}
        </div>
        <div className="settings-actions">
          <button type="submit" className="btn btn-primary" disabled={!dirty || busy}>
            {busy ? 'Applying…' : 'Apply and restart'}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!dirty || busy}
            onClick={() => {
              setValues(toForm(current));
              setServerIssues({});
              setMessage(null);
            }}
          >
            Revert
          </button>
          {message && (
            <span className={message.ok ? 'ok-text' : 'status-error'} role="status" data-testid="settings-message">
              {message.text}
            </span>
          )}
        </div>
      </fieldset>
      <AccessPanel />
    </form>
  );
}
