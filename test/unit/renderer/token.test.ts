import { describe, expect, it } from 'vitest';
import { tokenFromLocation } from '../../../src/renderer/bridge/token.js';

describe('dashboard token from the address', () => {
  it('reads the token from ?token= or #token=', () => {
    expect(tokenFromLocation('?token=abc', '')).toBe('abc');
    expect(tokenFromLocation('', '#token=xyz')).toBe('xyz');
    expect(tokenFromLocation('?x=1', '#y=2')).toBeNull();
  });
});
