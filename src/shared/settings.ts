/**
 * Settings of the hosted server as the user edits them (desktop settings file, dashboard form,
 * headless CLI): the options of the catalogue (./options.ts) that appear in the settings form. One zod
 * schema, made from the catalogue, validates all three, so the renderer shows the same errors the main
 * process enforces and accepts exactly what the CLI accepts.
 */
import { z } from 'zod';
import type { OptionValues } from '../core/option-spec.js';
import { FORM_OPTION_NAMES, optionSpec, type FormOptionName, type Options } from './options.js';

/** Ports below this need administrator rights on Linux and macOS (a warning in the form, not an error). */
export const PRIVILEGED_PORT_BELOW = 1024;

export type Settings = Pick<OptionValues<Options>, FormOptionName>;

export const settingsSchema = z
  .object(Object.fromEntries(FORM_OPTION_NAMES.map((name) => [name, optionSpec(name).schema])))
  .strict() as unknown as z.ZodType<Settings>;

/** Defaults: the library's, except where the app chose otherwise (a LAN-friendly bind address). */
export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  FORM_OPTION_NAMES.map((name) => {
    const spec = optionSpec(name);
    return [name, spec.form?.appDefault ?? spec.default];
  }),
) as Settings;

/** The label of a settings field, the subject of its messages ("Port must be …"). */
export function settingLabel(field: string): string | null {
  return (FORM_OPTION_NAMES as string[]).includes(field) ? (optionSpec(field as FormOptionName).form?.label ?? null) : null;
}

/** One problem with one field, for inline errors in a form. */
export interface FieldIssue {
  field: string;
  message: string;
}

export type SettingsValidation = { ok: true; settings: Settings } | { ok: false; issues: FieldIssue[] };

/** Validates a complete settings object (unknown input: a file, IPC, a form). */
export function validateSettings(input: unknown): SettingsValidation {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(settings)';
      const label = settingLabel(field);
      return { field, message: label ? `${label} ${issue.message}` : issue.message };
    }),
  };
}
