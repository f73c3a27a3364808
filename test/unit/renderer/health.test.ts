import { describe, expect, it } from 'vitest';
import { healthOf } from '../../../src/renderer/lib/health.js';

describe('health badge', () => {
  it('is green, then amber past half of alive_timeout, then red near it', () => {
    expect(healthOf(0, 1000, 3000)).toBe('ok');
    expect(healthOf(0, 1600, 3000)).toBe('late');
    expect(healthOf(0, 2500, 3000)).toBe('dying');
    expect(healthOf(5000, 1000, 3000)).toBe('ok');
  });
});
