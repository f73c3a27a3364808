/**
 * One log line per connection event, from the core's typed events (never per message), at most
 * `LOG_LINES_PER_SECOND` a second. Beyond that (a storm of thousands of connections or refusals) the
 * lines are counted instead and one summary line per second says how many of which were not shown:
 * printing (and, on a terminal, scrolling) thousands of lines a second is work the process does instead
 * of serving the clients, and nobody reads them. Cluster status lines are always printed.
 */
import type { SignalingServer } from '../core/api.js';

/**
 * Connection log lines printed one by one per second; the rest of that second is summarised.
 * @default 50
 */
export const LOG_LINES_PER_SECOND = 50;

/** Escapes control characters (a client's id may hold newlines or terminal escape sequences). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

export interface ConnectionLogOptions {
  /** @default LOG_LINES_PER_SECOND */
  linesPerSecond?: number;
  now?: () => number;
}

/** 12345 → `12,345` (not toLocaleString: its first call loads ICU data, a 100 ms stall in the middle of a storm). */
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** Lines not shown in the current second, by what they would have said. */
class Suppressed {
  total = 0;
  private readonly groups = new Map<string, Map<string, number>>();

  add(what: 'connected' | 'disconnected' | 'refused', why: string): void {
    this.total += 1;
    let group = this.groups.get(what);
    if (!group) this.groups.set(what, (group = new Map()));
    group.set(why, (group.get(why) ?? 0) + 1);
  }

  /** `1,964 connection log lines not shown (over 50/s): 964 connected, 1,000 refused (concurrent-limit: 1,000)`. */
  summary(limit: number): string {
    const parts: string[] = [];
    for (const what of ['connected', 'disconnected', 'refused']) {
      const group = this.groups.get(what);
      if (!group) continue;
      let n = 0;
      for (const v of group.values()) n += v;
      const why = [...group].filter(([k]) => k !== '').map(([k, v]) => `${k}: ${count(v)}`);
      parts.push(`${count(n)} ${what}${why.length ? ` (${why.join(', ')})` : ''}`);
    }
    return `${count(this.total)} connection log lines not shown (over ${limit}/s): ${parts.join(', ')}`;
  }
}

export function attachConnectionLog(server: SignalingServer, write: (line: string) => void, options: ConnectionLogOptions = {}): () => void {
  const limit = options.linesPerSecond ?? LOG_LINES_PER_SECOND;
  const now = options.now ?? Date.now;
  const stamp = () => new Date(now()).toISOString();
  let windowStart = Number.NEGATIVE_INFINITY;
  let shown = 0;
  let suppressed: Suppressed | null = null;
  let timer: NodeJS.Timeout | null = null;

  /** Prints the summary of the second that ended, if any line was held back in it. */
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (suppressed === null) return;
    const line = suppressed.summary(limit);
    suppressed = null;
    write(`${stamp()} ${line}`);
  };

  /** True when a line may be printed now; else it is counted under `what` / `why`. */
  const admit = (what: 'connected' | 'disconnected' | 'refused', why: string): boolean => {
    const t = now();
    if (t - windowStart >= 1000) {
      flush();
      windowStart = t;
      shown = 0;
    }
    if (shown < limit) {
      shown += 1;
      return true;
    }
    if (suppressed === null) {
      suppressed = new Suppressed();
      timer = setTimeout(flush, Math.max(0, windowStart + 1000 - t));
      timer.unref();
    }
    suppressed.add(what, why);
    return false;
  };

  const offs = [
    server.on('connection-opened', (e) => {
      if (admit('connected', '')) write(`${stamp()} connected    ${clean(e.id)} from ${clean(e.remote)}${e.reconnect ? ' (reconnect)' : ''}`);
    }),
    server.on('connection-closed', (e) => {
      if (admit('disconnected', e.reason)) write(`${stamp()} disconnected ${clean(e.id)} (${e.reason})`);
    }),
    server.on('cluster-status', (e) => write(`${stamp()} cluster ${e.status}: ${clean(e.detail)}`)),
    server.on('connection-refused', (e) => {
      if (admit('refused', e.reason)) {
        write(`${stamp()} refused      ${e.id === null ? '(no id)' : clean(e.id)} from ${clean(e.remote)}: ${clean(e.msg)}${e.tried ? ` (tried ${clean(e.tried)})` : ''}`);
      }
    }),
  ];
  return () => {
    offs.forEach((off) => off());
    flush();
  };
}
