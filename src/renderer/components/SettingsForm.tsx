import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { fromForm, FIELDS, issuesByField, toForm, type FormValues } from '../lib/settings-form.js';
import { useMeta, useStore } from '../state/hooks.js';
import { HelpText } from './HelpText.js';

/** Server options with inline validation (the shared zod schema); applying restarts the server. */
export function SettingsForm() {
  const store = useStore();
  const meta = useMeta();
  const current = meta.settings;
  const [values, setValues] = useState<FormValues | null>(current ? toForm(current) : null);
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (current && values === null) setValues(toForm(current));
  }, [current, values]);

  const checked = useMemo(() => (values ? fromForm(values) : null), [values]);
  if (!values || !checked || !current) return <p className="muted pad">Waiting for the server's settings…</p>;

  const issues = { ...serverIssues, ...checked.issues };
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
      setMessage({ ok: false, text: 'Fix the fields marked in red first.' });
      return;
    }
    setBusy(true);
    const result = await store.bridge.applySettings(checked.settings);
    setBusy(false);
    if (result.ok) {
      setMessage({ ok: true, text: 'Applied. The server restarted with the new settings.' });
      await store.refreshSnapshot().catch(() => undefined);
      setValues(toForm(checked.settings));
    } else {
      setServerIssues(issuesByField(result.issues ?? []));
      setMessage({ ok: false, text: result.error });
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
            return (
              <div key={f.name} className={`field ${error ? 'invalid' : ''}`}>
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
                <span id={`${id}-help`} className={error ? 'field-error' : 'help'} role={error ? 'alert' : undefined}>
                  {error ?? <HelpText text={f.help} />}
                </span>
              </div>
            );
          })}
        </div>
        <div className="settings-actions">
          <button type="submit" className="btn btn-primary" disabled={!dirty || busy}>
            {busy ? 'Applying…' : 'Apply and restart'}
          </button>
          <button type="button" className="btn" disabled={!dirty || busy} onClick={() => setValues(toForm(current))}>
            Revert
          </button>
          {message && (
            <span className={message.ok ? 'ok-text' : 'status-error'} role="status" data-testid="settings-message">
              {message.text}
            </span>
          )}
        </div>
      </fieldset>
    </form>
  );
}
