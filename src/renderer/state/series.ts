/** Time series for the stats charts: peers and frames per second by type, one point per second. */
import { MESSAGE_TYPES, type MessageTypeName, type ServerStats } from '../../shared/events.js';

export const SERIES_POINTS = 180;

export interface Series {
  /** Seconds since the epoch (uPlot's x unit). */
  t: number[];
  peers: number[];
  /** Frames per second (in + out) per message type. */
  rates: Record<MessageTypeName, number[]>;
  total: number[];
}

export function emptySeries(): Series {
  const rates = {} as Record<MessageTypeName, number[]>;
  for (const type of MESSAGE_TYPES) rates[type] = [];
  return { t: [], peers: [], rates, total: [] };
}

function framesOf(stats: ServerStats, type: MessageTypeName): number {
  return (stats.messagesIn[type] ?? 0) + (stats.messagesOut[type] ?? 0);
}

/** Adds one sample (at most one per second) computed from two stats readings. */
export class SeriesRecorder {
  private series = emptySeries();
  private last: { time: number; stats: ServerStats } | null = null;
  version = 0;

  get value(): Series {
    return this.series;
  }

  reset(): void {
    this.series = emptySeries();
    this.last = null;
    this.version++;
  }

  record(stats: ServerStats, now: number): boolean {
    if (!this.last) {
      this.last = { time: now, stats };
      return false;
    }
    const dt = (now - this.last.time) / 1000;
    if (dt < 1) return false;
    const s = this.series;
    s.t.push(Math.floor(now / 1000));
    s.peers.push(stats.peers);
    let total = 0;
    for (const type of MESSAGE_TYPES) {
      const delta = Math.max(0, framesOf(stats, type) - framesOf(this.last.stats, type));
      const rate = delta / dt;
      total += rate;
      s.rates[type].push(Math.round(rate * 10) / 10);
    }
    s.total.push(Math.round(total * 10) / 10);
    if (s.t.length > SERIES_POINTS) {
      const cut = s.t.length - SERIES_POINTS;
      s.t.splice(0, cut);
      s.peers.splice(0, cut);
      s.total.splice(0, cut);
      for (const type of MESSAGE_TYPES) s.rates[type].splice(0, cut);
    }
    this.last = { time: now, stats };
    this.version++;
    return true;
  }
}
