import { describe, expect, it } from 'vitest';
import { helpText, parseCli } from '../../../src/cli/args.js';

describe('parseCli', () => {
  it('defaults match the reference server', () => {
    const r = parseCli([]);
    expect(r.kind).toBe('run');
    if (r.kind !== 'run') return;
    expect(r.flags).toMatchObject({ port: 9000, host: '::', key: 'peerjs', path: '/', expire_timeout: 5000, alive_timeout: 90000, concurrent_limit: 5000, allow_discovery: false, proxied: false, cors: true, validate_ids: true, dashboard: true });
  });

  it('reads long and short flags', () => {
    const r = parseCli(['-p', '9100', '-H', '127.0.0.1', '-k', '12345', '--path', '/myapp', '-t', '100', '-c', '3', '--allow_discovery', '--cors', 'http://a', '--cors', 'http://b', '--no-validate_ids', '--max_queue=7']);
    expect(r).toMatchObject({
      kind: 'run',
      flags: { port: 9100, host: '127.0.0.1', key: '12345', path: '/myapp', expire_timeout: 100, concurrent_limit: 3, allow_discovery: true, cors: ['http://a', 'http://b'], validate_ids: false, max_queue: 7 },
    });
  });

  it('--cors takes one or more origins per flag, as the reference: --cors a b is --cors a --cors b', () => {
    const allowList = (argv: string[]) => {
      const r = parseCli(argv);
      if (r.kind !== 'run') throw new Error(`parseCli(${JSON.stringify(argv)}): ${JSON.stringify(r)}`);
      return r.flags.cors;
    };
    const expected = ['http://a.example', 'http://b.example'];
    expect(allowList(['--cors', 'http://a.example', 'http://b.example'])).toEqual(expected);
    expect(allowList(['--cors', 'http://a.example', '--cors', 'http://b.example'])).toEqual(expected);
    expect(allowList(['--cors=http://a.example', 'http://b.example'])).toEqual(expected);
    expect(allowList(['--cors', 'http://a.example', 'http://b.example', '--cors', 'http://c.example'])).toEqual([...expected, 'http://c.example']);
    // The reference's own flag forms, from its README: other flags before and after the origins.
    expect(parseCli(['--port', '9000', '--cors', 'http://a.example', 'http://b.example', '--key', 'k'])).toMatchObject({
      kind: 'run',
      flags: { port: 9000, key: 'k', cors: expected },
    });
    // A stray word after any other flag's value is still an error.
    expect(parseCli(['--port', '9000', 'extra'])).toMatchObject({ kind: 'error' });
    expect(parseCli(['--cors'])).toMatchObject({ kind: 'error' });
  });

  it('keeps a numeric key a string', () => {
    const r = parseCli(['--key', '007']);
    expect(r.kind === 'run' && r.flags.key).toBe('007');
  });

  it('reads PORT and PEERSERVER_PATH, flags win', () => {
    expect(parseCli([], { PORT: '9200', PEERSERVER_PATH: '/x' })).toMatchObject({ flags: { port: 9200, path: '/x' } });
    expect(parseCli(['-p', '9300'], { PORT: '9200' })).toMatchObject({ flags: { port: 9300 } });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--alive_timeout', '-5'], /alive_timeout/],
    [['--expire_timeout', '1.5'], /expire_timeout/],
    [['--sslkey', 'k.pem'], /--sslkey and --sslcert go together/],
    [['extra'], /positional|Unexpected argument/i],
    [['--path', '/room(1)'], /--path may hold only/],
  ])('refuses %j with a clear message', (argv, message) => {
    const r = parseCli(argv);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message).toMatch(message);
  });

  it('help lists every flag with its default', () => {
    const help = helpText();
    for (const flag of ['--port', '--host', '--key', '--path', '--expire_timeout', '--alive_timeout', '--concurrent_limit', '--allow_discovery', '--proxied', '--cors', '--sslkey', '--sslcert', '--max_payload', '--max_queue', '--validate_ids']) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('(default: 5000)');
    expect(parseCli(['--help'])).toEqual({ kind: 'help' });
    expect(parseCli(['-h'])).toEqual({ kind: 'help' });
  });
});
