/**
 * The V8 flags the `switchboard` launcher runs node with (its shebang), and `npm start` passes the same ones
 * (spawning node directly skips the shebang). --initial-old-space-size=64 keeps cluster instances from running a
 * mark-compact every 0.3–1 s (see bin/switchboard.js and docs/benchmarks.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const shebangFlags = (): string[] => {
  const first = readFileSync(new URL('bin/switchboard.js', root), 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\s*\S*env\s+-S\s+node((?:\s+--[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  return m ? (m[1] ?? '').trim().split(/\s+/) : [];
};

describe('launcher V8 flags', () => {
  it('the shebang floors the old generation limit at 64 MiB and caps the young generation', () => {
    expect(shebangFlags()).toEqual(['--max-semi-space-size=4', '--initial-old-space-size=64']);
  });

  it('npm start (scripts/start.js) passes the same flags', () => {
    const start = readFileSync(new URL('scripts/start.js', root), 'utf8');
    const m = /spawn\(process\.execPath, \[((?:'--[\w-]+=\S+', )+)join\(root, 'bin', 'switchboard\.js'\)/.exec(start);
    expect(m).not.toBeNull();
    const flags = (m?.[1] ?? '').split(',').map((s) => s.trim().replace(/^'|'$/g, '')).filter(Boolean);
    expect(flags).toEqual(shebangFlags());
  });
});
