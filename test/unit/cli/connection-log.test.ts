/**
 * The CLI's connection log under a storm: at most LOG_LINES_PER_SECOND lines a second one by one, then one
 * summary line per second with what was not shown; nothing is lost from the count.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachConnectionLog, LOG_LINES_PER_SECOND } from '../../../src/cli/log.js';
import type { SignalingServer } from '../../../src/core/api.js';
import type { ServerEvent } from '../../../src/core/events.js';

/** The part of a server the log listens to, with a way to fire events. */
function fakeServer(): { server: SignalingServer; fire: (e: Record<string, unknown>) => void } {
  const listeners = new Map<string, Set<(e: ServerEvent) => void>>();
  const server = {
    on(kind: string, fn: (e: ServerEvent) => void) {
      const set = listeners.get(kind) ?? new Set();
      listeners.set(kind, set);
      set.add(fn);
      return () => set.delete(fn);
    },
  } as unknown as SignalingServer;
  const fire = (e: Record<string, unknown>) => {
    for (const fn of listeners.get(e.kind as string) ?? []) fn({ seq: 0, time: 0, ...e } as unknown as ServerEvent);
  };
  return { server, fire };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-01T10:00:00.000Z'));
});
afterEach(() => vi.useRealTimers());

describe('connection log rate', () => {
  it('a storm of 3,000 connections and refusals in one second prints the first lines and one summary', () => {
    const { server, fire } = fakeServer();
    const lines: string[] = [];
    attachConnectionLog(server, (l) => lines.push(l));
    for (let i = 0; i < 1000; i += 1) fire({ kind: 'connection-opened', id: `p${i}`, remote: '10.0.0.2', reconnect: false });
    for (let i = 0; i < 2000; i += 1) {
      fire({ kind: 'connection-refused', id: `q${i}`, remote: '10.0.0.3', reason: 'concurrent-limit', msg: 'Server has reached its concurrent user limit' });
    }
    fire({ kind: 'cluster-status', status: 'degraded', detail: 'redis is slow' });
    expect(lines).toHaveLength(LOG_LINES_PER_SECOND + 1);
    expect(lines[0]).toMatch(/connected {4}p0 from 10\.0\.0\.2$/);
    expect(lines.at(-1)).toMatch(/cluster degraded: redis is slow/); // never held back
    vi.advanceTimersByTime(1000);
    expect(lines).toHaveLength(LOG_LINES_PER_SECOND + 2);
    const rest = 3000 - LOG_LINES_PER_SECOND;
    expect(lines.at(-1)).toBe(
      `2026-12-01T10:00:01.000Z ${rest.toLocaleString('en-US')} connection log lines not shown (over ${LOG_LINES_PER_SECOND}/s): ` +
        `${(1000 - LOG_LINES_PER_SECOND).toLocaleString('en-US')} connected, 2,000 refused (concurrent-limit: 2,000)`,
    );
    // The next second starts afresh: its lines are printed again.
    fire({ kind: 'connection-closed', id: 'p1', reason: 'client', code: 1000 });
    expect(lines.at(-1)).toMatch(/disconnected p1 \(client\)$/);
    vi.advanceTimersByTime(5000);
    expect(lines).toHaveLength(LOG_LINES_PER_SECOND + 3);
  });

  it('a quiet server prints every line, and no summary', () => {
    const { server, fire } = fakeServer();
    const lines: string[] = [];
    attachConnectionLog(server, (l) => lines.push(l));
    for (let s = 0; s < 5; s += 1) {
      for (let i = 0; i < LOG_LINES_PER_SECOND; i += 1) fire({ kind: 'connection-closed', id: `p${i}`, reason: 'timeout', code: 4001 });
      vi.advanceTimersByTime(1000);
    }
    expect(lines).toHaveLength(5 * LOG_LINES_PER_SECOND);
    expect(lines.every((l) => /disconnected p\d+ \(timeout\)$/.test(l))).toBe(true);
  });

  it('detaching prints the summary still pending', () => {
    const { server, fire } = fakeServer();
    const lines: string[] = [];
    const detach = attachConnectionLog(server, (l) => lines.push(l), { linesPerSecond: 2 });
    for (let i = 0; i < 5; i += 1) fire({ kind: 'connection-closed', id: `p${i}`, reason: 'client', code: 1000 });
    detach();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/3 connection log lines not shown \(over 2\/s\): 3 disconnected \(client: 3\)$/);
    fire({ kind: 'connection-closed', id: 'late', reason: 'client', code: 1000 });
    expect(lines).toHaveLength(3);
  });
});
