/**
 * The option catalogue of Switchboard: the core's options (src/core/options.ts) plus those of the app
 * around it (TLS files, dashboard, desktop start-up). The CLI parser and --help (src/cli/args.ts), the
 * README flag table test, the settings schema (./settings.ts), the settings form
 * (src/renderer/lib/settings-form.ts) and the settings → core mapping (src/control/core-options.ts)
 * are all derived from this one table.
 *
 * To add an option: add an entry here (app) or to CORE_OPTIONS (core), with the surfaces it appears on,
 * then use it where it takes effect. Nothing else lists options.
 */
import { CORE_OPTIONS, isRedisUrl } from '../core/options.js';
import { boolean, integer, optionalText, text, type Catalogue, type OptionSpec, type OptionValues, type SurfaceKeys } from '../core/option-spec.js';

export { parseOptionText, firstIssue, type OptionSpec, type OptionKind } from '../core/option-spec.js';

/** Options of the app around the core. `history` replaces the core's object by the CLI's event count. */
const APP_OPTIONS = {
  sslkey: optionalText({ max: 4096, description: 'Path to a PEM private key (serve https/wss)', cli: { defaultText: 'none' } }),
  sslcert: optionalText({ max: 4096, description: 'Path to a PEM certificate (serve https/wss)', cli: { defaultText: 'none' } }),
  history: integer({ default: 10_000, min: 0, max: 10_000_000, unit: 'events', description: 'Recent events kept for the dashboard (0 = off)', cli: {} }),
  dashboard: boolean({ default: true, description: 'Serve the dashboard and admin socket (--no-dashboard: off)', cli: {} }),
  admin_host: text({ default: '127.0.0.1', max: 255, description: 'Address of the dashboard', cli: {} }),
  admin_port: integer({ default: 9001, min: 0, max: 65535, description: 'Port of the dashboard (0 = any free port)', cli: {} }),
  redis: optionalText({
    max: 2048,
    rule: (s) => s.refine(isRedisUrl, { error: 'must be a redis:// or rediss:// URL' }),
    description: 'Redis URL shared by several instances acting as one server (multi-instance mode)',
    cli: { defaultText: 'none' },
    form: { label: 'Redis (cluster)', help: 'Several Switchboards sharing this Redis act as one server, e.g. `redis://10.0.0.5:6379`; empty = this instance alone' },
  }),
  start_on_launch: boolean({ default: true, description: 'Start the server when the app starts', form: { label: 'Start on launch', help: 'Start the server when the app starts' } }),
  start_at_login: boolean({ default: false, description: 'Start the app at login (desktop)', form: { label: 'Start at login', help: 'Desktop app only' } }),
};

/** Every option, in the order of --help, the README table and the settings form. */
export const OPTIONS = { ...CORE_OPTIONS, ...APP_OPTIONS } satisfies Catalogue;
export type Options = typeof OPTIONS;
export type OptionName = keyof Options & string;

export type CliOptionName = SurfaceKeys<Options, 'cli'>;
export type FormOptionName = SurfaceKeys<Options, 'form'>;
/** Options of the core that the settings form does not carry (CLI-only or library-only). */
export type OverrideOptionName = Exclude<SurfaceKeys<typeof CORE_OPTIONS, 'library'>, FormOptionName>;

/** Values of every CLI flag after parsing. */
export type CliFlags = Pick<OptionValues<Options>, CliOptionName>;

function keysWith(surface: 'cli' | 'form'): string[] {
  return Object.entries(OPTIONS)
    .filter(([, spec]) => (spec as OptionSpec)[surface] !== undefined)
    .map(([name]) => name);
}

export const CLI_OPTION_NAMES = keysWith('cli') as CliOptionName[];
export const FORM_OPTION_NAMES = keysWith('form') as FormOptionName[];
/** The core's options the settings form does not carry: the CLI passes them to the controller as overrides. */
export const OVERRIDE_OPTION_NAMES = Object.entries(CORE_OPTIONS)
  .filter(([name, spec]) => (spec as OptionSpec).form === undefined && name in OPTIONS && OPTIONS[name as OptionName] === spec)
  .map(([name]) => name) as OverrideOptionName[];
/** The core's options the settings form carries, passed from the settings to the core as they are. */
export const SETTINGS_CORE_OPTION_NAMES = FORM_OPTION_NAMES.filter((name) => optionSpec(name).library === true);

/** The entry of one option, loosely typed for loops over the table. */
export function optionSpec(name: OptionName): OptionSpec {
  return OPTIONS[name] as OptionSpec;
}
