/** The settings form model: text fields in, validated Settings out. Fields, labels, units and checks all come from the option catalogue. Pure. */
import { FORM_OPTION_NAMES, optionSpec, parseOptionText } from '../../shared/options.js';
import { PRIVILEGED_PORT_BELOW, validateSettings, type FieldIssue, type Settings } from '../../shared/settings.js';

export type FieldKind = 'number' | 'text' | 'boolean';

export interface FieldSpec {
  name: keyof Settings;
  label: string;
  kind: FieldKind;
  help: string;
  unit?: string;
}

function field(name: keyof Settings): FieldSpec {
  const spec = optionSpec(name);
  const kind: FieldKind = spec.kind === 'integer' ? 'number' : spec.kind === 'boolean' ? 'boolean' : 'text';
  return { name, kind, label: spec.form?.label ?? name, help: spec.form?.help ?? spec.description, ...(spec.unit ? { unit: spec.unit } : {}) };
}

/** Text and number fields first, then the switches; each group in catalogue order. */
export const FIELDS: FieldSpec[] = FORM_OPTION_NAMES.map(field).sort((a, b) => Number(a.kind === 'boolean') - Number(b.kind === 'boolean'));

export type FormValues = Record<keyof Settings, string | boolean>;

export function toForm(settings: Settings): FormValues {
  const out = {} as FormValues;
  for (const f of FIELDS) {
    const v = settings[f.name];
    out[f.name] = typeof v === 'boolean' ? v : v === null ? '' : String(v);
  }
  return out;
}

/** What the form knows about the machine (from the snapshot) to check fields before Apply. */
export interface FormContext {
  /** This computer's addresses; undefined = unknown (no bind-address check). */
  localAddresses?: readonly string[];
}

/** Bind addresses that mean "every interface" or "this computer", valid everywhere. */
const ALWAYS_BINDABLE = new Set(['::', '::0', '0.0.0.0', 'localhost', '127.0.0.1', '::1']);

/** Null when `host` can be bound on this computer, else why not, in plain words. */
export function bindAddressIssue(host: string, localAddresses: readonly string[] | undefined): string | null {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === '' || localAddresses === undefined || ALWAYS_BINDABLE.has(h)) return null;
  if (localAddresses.some((a) => a.toLowerCase() === h)) return null;
  const mine = localAddresses.filter((a) => !a.includes(':') && a !== '127.0.0.1').slice(0, 3);
  const hint = mine.length > 0 ? `; this computer has ${mine.join(', ')}` : '';
  return `${host.trim()} is not an address of this computer. Use :: for every interface${hint}.`;
}

/** Non-blocking notes (the settings are valid but may not do what the user expects). */
export function formWarnings(values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  const port = Number(String(values.port).trim());
  if (Number.isInteger(port) && port >= 1 && port < PRIVILEGED_PORT_BELOW) {
    out.port = `Ports below ${PRIVILEGED_PORT_BELOW} need administrator rights on Linux and macOS; Apply will fail without them.`;
  }
  return out;
}

/** Converts the form to a settings object (text parsed as the CLI parses it) and validates it. */
export function fromForm(values: FormValues, context: FormContext = {}): { settings: Settings | null; issues: Record<string, string> } {
  const raw: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = values[f.name];
    raw[f.name] = typeof v === 'string' ? parseOptionText(optionSpec(f.name), v) : v;
  }
  const result = validateSettings(raw);
  const bind = typeof raw.host === 'string' ? bindAddressIssue(raw.host, context.localAddresses) : null;
  if (result.ok && bind === null) return { settings: result.settings, issues: {} };
  const issues = result.ok ? {} : issuesByField(result.issues);
  if (bind !== null && !('host' in issues)) issues.host = bind;
  return { settings: null, issues };
}

export function issuesByField(issues: readonly FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    if (!(i.field in out)) out[i.field] = i.message;
  }
  return out;
}
