/** The settings form model: text fields in, validated Settings out. Fields, labels, units and checks all come from the option catalogue. Pure. */
import { FORM_OPTION_NAMES, optionSpec, parseOptionText } from '../../shared/options.js';
import { validateSettings, type FieldIssue, type Settings } from '../../shared/settings.js';

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
    out[f.name] = typeof v === 'boolean' ? v : String(v);
  }
  return out;
}

/** Converts the form to a settings object (text parsed as the CLI parses it) and validates it. */
export function fromForm(values: FormValues): { settings: Settings | null; issues: Record<string, string> } {
  const raw: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = values[f.name];
    raw[f.name] = typeof v === 'string' ? parseOptionText(optionSpec(f.name), v) : v;
  }
  const result = validateSettings(raw);
  if (result.ok) return { settings: result.settings, issues: {} };
  return { settings: null, issues: issuesByField(result.issues) };
}

export function issuesByField(issues: readonly FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    if (!(i.field in out)) out[i.field] = i.message;
  }
  return out;
}
