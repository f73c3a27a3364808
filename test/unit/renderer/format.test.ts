import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '../../../src/renderer/lib/format.js';

describe('durations and sizes for people', () => {
  it('formats durations and sizes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatBytes(2048)).toBe('2.0 KiB');
  });
});
