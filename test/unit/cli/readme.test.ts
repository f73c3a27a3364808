/** The README's flag table is the user's reference: every flag the CLI accepts must be in it, with its default. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flagDefault } from '../../../src/cli/args.js';
import { CLI_OPTION_NAMES } from '../../../src/shared/options.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README flag table', () => {
  it.each(CLI_OPTION_NAMES)('documents --%s', (name) => {
    const mention = new RegExp(`--${name}[\\s\`]`);
    const row = readme.split('\n').find((line) => line.startsWith('|') && mention.test(line));
    expect(row, `README has no table row for --${name}`).toBeDefined();
    const shown = flagDefault(name);
    if (/^\d+$/.test(shown)) expect(row).toContain(shown);
  });
});
