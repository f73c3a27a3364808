/** The option catalogue is the one source of the CLI, the settings form and the core's checks: they must agree. */
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/args.js';
import { resolveOptions } from '../../../src/core/options.js';
import { FORM_OPTION_NAMES, optionSpec, type FormOptionName } from '../../../src/shared/options.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { FIELDS, fromForm, toForm } from '../../../src/renderer/lib/settings-form.js';

/** Texts a person could type for an option: the bounds and one past them, and things that are not values. */
function samples(name: FormOptionName): string[] {
  const spec = optionSpec(name);
  const common = ['', ' ', 'abc', '-1', '0', '1', '1.5', '1e3', '0x10', ' 42 ', '007', 'a b', '/x', 'x/', '/room(1)', 'peer js', 'ok-key_1', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(256)];
  if (!spec.range) return common;
  const [min, max] = spec.range;
  return [...common, String(min - 1), String(min), String(min + 1), String(max - 1), String(max), String(max + 1), String(Number.MAX_SAFE_INTEGER + 2)];
}

const textOptions = FORM_OPTION_NAMES.filter((name) => optionSpec(name).kind !== 'boolean' && optionSpec(name).cli);
const switchOptions = FORM_OPTION_NAMES.filter((name) => optionSpec(name).kind === 'boolean' && optionSpec(name).cli);

describe('the CLI and the settings form accept exactly the same values', () => {
  it.each(textOptions)('--%s and its form field', (name) => {
    for (const text of samples(name)) {
      const cli = parseCli([`--${name}=${text}`]);
      const form = fromForm({ ...toForm(DEFAULT_SETTINGS), [name]: text });
      const cliValue = cli.kind === 'run' ? (cli.flags as Record<string, unknown>)[name] : undefined;
      expect({ text, accepted: form.issues[name] === undefined }).toEqual({ text, accepted: cli.kind === 'run' });
      if (cli.kind === 'run') expect({ text, value: form.settings?.[name] }).toEqual({ text, value: cliValue });
      // The core accepts what both accept, and refuses what both refuse.
      const core = (() => {
        try {
          resolveOptions({ [name]: form.settings?.[name] ?? (text as never) });
          return true;
        } catch {
          return false;
        }
      })();
      if (cli.kind === 'run') expect({ text, core }).toEqual({ text, core: true });
    }
  });

  it.each(switchOptions)('--%s / --no-%s and its checkbox', (name) => {
    for (const on of [true, false]) {
      const cli = parseCli([on ? `--${name}` : `--no-${name}`]);
      const form = fromForm({ ...toForm(DEFAULT_SETTINGS), [name]: on });
      expect(cli.kind === 'run' && (cli.flags as Record<string, unknown>)[name]).toBe(on);
      expect(form.settings?.[name]).toBe(on);
    }
  });

  it('the headless defaults are settings the form can save (port 0, expire 50, limit 0 too)', () => {
    const cli = parseCli(['--port', '0', '--expire_timeout', '50', '--concurrent_limit', '0']);
    expect(cli.kind).toBe('run');
    const form = fromForm({ ...toForm(DEFAULT_SETTINGS), port: '0', expire_timeout: '50', concurrent_limit: '0' });
    expect(form.issues).toEqual({});
  });

  it('every form field is an option of the catalogue, with its label and unit', () => {
    expect(FIELDS.map((f) => f.name).sort()).toEqual([...FORM_OPTION_NAMES].sort());
    expect(FIELDS.find((f) => f.name === 'expire_timeout')).toMatchObject({ label: 'Expire timeout', kind: 'number', unit: 'ms' });
  });
});

describe('CLI flags with several values, negation, short forms and environment', () => {
  it('takes several origins after one --cors, or --cors repeated', () => {
    expect(parseCli(['--cors', 'http://a', 'http://b', '-p', '1'])).toMatchObject({ kind: 'run', flags: { cors: ['http://a', 'http://b'], port: 1 } });
    expect(parseCli(['--cors', 'http://a', '--cors', 'http://b'])).toMatchObject({ kind: 'run', flags: { cors: ['http://a', 'http://b'] } });
    expect(parseCli([])).toMatchObject({ kind: 'run', flags: { cors: true } });
    expect(parseCli(['--port', '1', 'stray'])).toMatchObject({ kind: 'error', message: expect.stringMatching(/Unexpected argument 'stray'/) });
  });

  it('turns a boolean off with --no-<name> and reads an empty environment variable as absent', () => {
    expect(parseCli(['--no-dashboard', '--no-validate_ids'])).toMatchObject({ flags: { dashboard: false, validate_ids: false } });
    expect(parseCli([], { PORT: '' })).toMatchObject({ flags: { port: 9000 } });
    expect(parseCli([], { PORT: 'eighty' })).toMatchObject({ kind: 'error', message: expect.stringMatching(/--port must be a whole number/) });
  });
});
