/**
 * A peer's health badge from its last sign of life and the heartbeat cadence observed for it. Pure.
 *
 * PeerJS clients send a HEARTBEAT every 5 s; a fixed fraction of alive_timeout made healthy peers blink
 * amber whenever alive_timeout was short. Here a peer is "quiet" once a beat is overdue by half an
 * interval, and "about to time out" once two beats are missing or the server will drop it before the
 * next beat could arrive.
 */

export type Health = 'ok' | 'late' | 'dying';

/** PeerJS's default `pingInterval`: the cadence assumed until one is observed. */
export const DEFAULT_HEARTBEAT_MS = 5000;

export function lateAfter(interval: number): number {
  return interval * 1.5;
}

export function dyingAfter(interval: number, aliveTimeout: number): number {
  return Math.min(interval * 3, aliveTimeout - interval / 2);
}

export function healthOf(lastSeen: number, now: number, aliveTimeout: number, interval = DEFAULT_HEARTBEAT_MS): Health {
  const silent = Math.max(0, now - lastSeen);
  if (silent > dyingAfter(interval, aliveTimeout)) return 'dying';
  if (silent > lateAfter(interval)) return 'late';
  return 'ok';
}

/** Whole heartbeats missed: a stable key for sorting by last seen (rows do not reshuffle on every beat). */
export function missedBeats(lastSeen: number, now: number, interval = DEFAULT_HEARTBEAT_MS): number {
  return Math.floor(Math.max(0, now - lastSeen) / (interval * 1.5));
}

export const HEALTH_LABEL: Record<Health, string> = {
  ok: 'healthy',
  late: 'quiet: a heartbeat is overdue',
  dying: 'about to time out',
};
