/**
 * The shape of one entry of the option catalogue, and the builders that make entries. An entry holds
 * everything known about one option: its zod schema (type, range, messages), its default, its unit and
 * description, and the surfaces it appears on (CLI flag, settings form, library option). Every surface
 * is derived from the entries, never written out by hand. Pure: zod only, no Node modules (the
 * renderer bundles it through src/shared/options.ts).
 */
import { z } from 'zod';

/** How an option is written as text (a CLI argument, a form field). */
export type OptionKind = 'integer' | 'string' | 'boolean' | 'strings' | 'value';

export interface CliSurface {
  /** One-letter alias (`-p`). */
  short?: string;
  /** Environment variable read when the flag is absent (`PORT`). */
  env?: string;
  /** How --help and the README show the default when it is not a plain value. */
  defaultText?: string;
}

export interface FormSurface {
  /** Field label in the settings form, also the subject of its error messages ("Port must be …"). */
  label: string;
  /** One line under the field. */
  help: string;
  /** Default of the app's settings when it differs from the library's (the desktop binds 0.0.0.0). */
  appDefault?: unknown;
}

export interface OptionSpec<T = unknown> {
  kind: OptionKind;
  /** Validates (and may normalise) a typed value. Its messages complete a sentence: "<subject> <message>". */
  schema: z.ZodType<T>;
  default: T;
  description: string;
  /** Inclusive bounds of an integer option. */
  range?: readonly [number, number];
  unit?: 'ms' | 'bytes' | 'messages' | 'clients' | 'events' | 'frames/s' | 'bytes/s';
  /** A command-line flag `--<name>`. */
  cli?: CliSurface;
  /** A field of the settings form (and of the settings file and the applySettings command). */
  form?: FormSurface;
  /** An option of the core's `createSignalingServer` / `resolveOptions`. */
  library?: true;
}

export type Catalogue = Record<string, OptionSpec>;

/** The typed value of every option of a catalogue. */
export type OptionValues<C extends Catalogue> = { -readonly [K in keyof C]: C[K]['default'] };

/** Names of the options of a catalogue shown on one surface. */
export type SurfaceKeys<C extends Catalogue, S extends 'cli' | 'form' | 'library'> = {
  [K in keyof C]: C[K] extends Record<S, unknown> ? K : never;
}[keyof C] &
  string;

type Surfaces = Pick<OptionSpec, 'cli' | 'form' | 'library' | 'unit'>;
type Common = { description: string } & Surfaces;

function thousands(n: number): string {
  return n === Number.MAX_SAFE_INTEGER ? 'any size' : String(n);
}

/** An integer option with inclusive bounds. */
export function integer<S extends Common>(init: S & { default: number; min: number; max: number }): Omit<S, 'min' | 'max' | 'default'> & OptionSpec<number> {
  const { min, max, ...rest } = init;
  const message = `must be a whole number from ${min} to ${thousands(max)}${init.unit ? ` (${init.unit})` : ''}`;
  const schema = z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });
  return { ...rest, kind: 'integer', schema, range: [min, max] as const } as Omit<S, 'min' | 'max' | 'default'> & OptionSpec<number>;
}

/** A boolean option (on the CLI: `--x` and `--no-x`). */
export function boolean<S extends Common>(init: S & { default: boolean }): Omit<S, 'default'> & OptionSpec<boolean> {
  return { ...init, kind: 'boolean', schema: z.boolean({ error: 'must be true or false' }) };
}

/** A text option; `rule` adds checks (and may normalise) after "non-empty, at most `max` characters". */
export function text<S extends Common>(
  init: S & { default: string; max: number; rule?: (s: z.ZodString) => z.ZodType<string> },
): Omit<S, 'max' | 'rule' | 'default'> & OptionSpec<string> {
  const { max, rule, ...rest } = init;
  return { ...rest, kind: 'string', schema: rule ? rule(textSchema(max)) : textSchema(max) } as Omit<S, 'max' | 'rule' | 'default'> & OptionSpec<string>;
}

/** A text option that may be absent (null: "none"). */
export function optionalText<S extends Common>(
  init: S & { max: number; rule?: (s: z.ZodString) => z.ZodType<string> },
): Omit<S, 'max' | 'rule'> & OptionSpec<string | null> {
  const { max, rule, ...rest } = init;
  const schema = rule ? rule(textSchema(max)) : textSchema(max);
  return { ...rest, kind: 'string', default: null, schema: schema.nullable() } as Omit<S, 'max' | 'rule'> & OptionSpec<string | null>;
}

function textSchema(max: number): z.ZodString {
  return z.string({ error: 'must be text' }).min(1, { error: 'needs a value' }).max(max, { error: `must be at most ${max} characters` });
}

/**
 * An option with a schema of its own: objects and functions (library only), or, with kind 'strings',
 * a list of texts (on the CLI: `--cors a b` or `--cors a --cors b`).
 */
export function value<T, S extends Common>(init: S & { default: T; schema: z.ZodType<T>; kind?: 'strings' }): Omit<S, 'default' | 'schema'> & OptionSpec<T> {
  return { kind: 'value', ...init };
}

/**
 * Parses the text of a CLI argument or a form field into a value for the option's schema. Integers are
 * digits only (an optional minus sign, so the schema can say what the range is); anything else is NaN,
 * which the schema refuses with its own message. `undefined` means "no value given"; null, "none".
 */
export function parseOptionText(spec: Pick<OptionSpec, 'kind' | 'default'>, raw: string): unknown {
  // An optional text (default null) left empty means "none", on the CLI as in the form.
  if (spec.kind !== 'integer') return spec.default === null && raw.trim() === '' ? null : raw;
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The first message of a failed parse, to be read after the option's subject. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'is not valid';
}
