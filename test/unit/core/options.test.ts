import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, normalizePath, resolveOptions } from '../../../src/core/options.js';
import { SignalingError } from '../../../src/core/errors.js';

describe('resolveOptions', () => {
  it('uses the reference defaults', () => {
    const o = resolveOptions();
    expect(o).toMatchObject({ port: 9000, host: '::', key: 'peerjs', path: '/', expire_timeout: 5000, alive_timeout: 90_000, concurrent_limit: 5000, allow_discovery: false, proxied: false });
    expect(o.max_payload).toBe(256 * 1024);
    expect(o.max_queue).toBe(100);
    expect(DEFAULT_OPTIONS.validate_ids).toBe(true);
  });

  it('ignores undefined values', () => {
    expect(resolveOptions({ port: undefined, key: '12345' })).toMatchObject({ port: 9000, key: '12345' });
  });

  it.each([
    [{ port: -1 }, /port/],
    [{ port: 70000 }, /port/],
    [{ expire_timeout: 1.5 }, /expire_timeout/],
    [{ key: '' }, /key/],
    [{ max_payload: 1 }, /max_payload/],
    [{ cors: ['a', 1] as unknown as string[] }, /cors/],
    [{ path: '/peer*' }, /path/],
    [{ path: '/a b' }, /path/],
    [{ path: '/x?y' }, /path/],
  ])('rejects %j with ERR_INVALID_OPTION', (input, message) => {
    try {
      resolveOptions(input);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SignalingError);
      expect((err as SignalingError).code).toBe('ERR_INVALID_OPTION');
      expect((err as Error).message).toMatch(message);
    }
  });

  it.each([
    ['/', '/'],
    ['', '/'],
    ['myapp', '/myapp'],
    ['/myapp/', '/myapp'],
    ['/a/b//', '/a/b'],
  ])('normalizes path %j to %j', (input, out) => {
    expect(normalizePath(input)).toBe(out);
  });
});
