/**
 * The CLI's last resort (the built module, dist/: `npm test` builds first), in a real child process: an exception nothing caught and an unhandled rejection are
 * logged and the process keeps running (a timer after them still fires); repeats are logged once.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../../../dist/cli/last-resort.js', import.meta.url));

describe('installLastResort', () => {
  it('logs uncaught errors and rejections, and the process goes on', () => {
    const script = `
      const { installLastResort } = await import(${JSON.stringify(MODULE)});
      installLastResort((line) => console.log('LOG ' + line.split('\\n')[0]));
      setTimeout(() => { throw new Error('boom one'); }, 10);
      setTimeout(() => { throw new Error('boom one'); }, 20);
      setTimeout(() => { Promise.reject(new Error('nobody listens')); }, 30);
      setTimeout(() => { console.log('STILL SERVING'); }, 80);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'LOG switchboard: internal error, kept serving: Error: boom one',
      'LOG switchboard: unhandled promise rejection, kept serving: Error: nobody listens',
      'STILL SERVING',
    ]);
  });
});
