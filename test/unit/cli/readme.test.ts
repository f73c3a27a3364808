/** The README's flag table is the user's reference: every flag the CLI accepts must be in it, with its default. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../../../src/cli/args.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README flag table', () => {
  it.each(Object.entries(FLAGS))('documents --%s', (name, spec) => {
    const mention = new RegExp(`--${name}[\\s\`]`);
    const row = readme.split('\n').find((line) => line.startsWith('|') && mention.test(line));
    expect(row, `README has no table row for --${name}`).toBeDefined();
    if (/^\d+$/.test(spec.default)) expect(row).toContain(spec.default);
  });
});
