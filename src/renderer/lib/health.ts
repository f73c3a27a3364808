/** A peer's health badge from its last sign of life and the server's alive_timeout. Pure. */

export type Health = 'ok' | 'late' | 'dying';

/** Amber past half of alive_timeout; red past 80 % of it (the server drops it at 100 %). */
export const LATE_FRACTION = 0.5;
export const DYING_FRACTION = 0.8;

export function healthOf(lastSeen: number, now: number, aliveTimeout: number): Health {
  const silent = Math.max(0, now - lastSeen);
  if (silent >= aliveTimeout * DYING_FRACTION) return 'dying';
  if (silent >= aliveTimeout * LATE_FRACTION) return 'late';
  return 'ok';
}

export const HEALTH_LABEL: Record<Health, string> = {
  ok: 'healthy',
  late: 'quiet',
  dying: 'about to time out',
};
