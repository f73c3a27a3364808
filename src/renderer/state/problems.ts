/**
 * What went wrong, per peer, for the Problems view: refusals (with the reason and, for a wrong key, the
 * masked hint), timeouts and other abnormal closes, takeovers, expired negotiations, dropped and invalid
 * frames. Entries persist until the user clears them (the traffic ring buffer forgets; this does not).
 * Peers that left or were refused stay listed as "departed" for a configurable time.
 * Also tracks the heartbeat cadence observed per peer (for health badges).
 */
import type { CloseReason, DropReason, PeerInfo, RefuseReason, ServerEvent } from '../../shared/events.js';
import { DEFAULT_HEARTBEAT_MS } from '../lib/health.js';
import { isProblem } from '../lib/rows.js';

export type ProblemKind = 'refused' | 'closed' | 'takeover' | 'expired' | 'dropped' | 'invalid';

export interface ProblemEntry {
  key: string;
  kind: ProblemKind;
  /** Plain words: "refused: wrong key (tried pe••s (5 chars))". */
  label: string;
  /** The other peer, for expired/dropped messages (links to the flow). */
  other: string | null;
  count: number;
  first: number;
  last: number;
  /** Sequence number of the latest event (links to its traffic row). */
  lastSeq: number;
}

export interface PeerProblems {
  peer: string;
  entries: ProblemEntry[];
  total: number;
  last: number;
}

export interface Departed {
  id: string;
  /** Plain words: "timed out", "refused: wrong key", "left". */
  reason: string;
  /** True when leaving was a problem (timeout, refusal, too slow...). */
  problem: boolean;
  time: number;
  /** What the table last knew about it (zeros for a refused connection). */
  info: PeerInfo;
}

/** Departed peers stay listed this long unless configured otherwise. */
export const DEFAULT_DEPARTED_RETENTION_MS = 10 * 60_000;
/** Bounded memory: at most this many peers with problems, and departed peers. */
const MAX_PEERS = 5000;

// Typed by the core's unions: a new reason there does not compile until it has words here.
const REFUSED: Record<RefuseReason, string> = {
  'missing-params': 'refused: missing key, id or token',
  'invalid-key': 'refused: wrong key',
  'invalid-id': 'refused: invalid id',
  'id-taken': 'refused: id already taken',
  'concurrent-limit': 'refused: server full (concurrent_limit)',
  'duplicate-params': 'refused: id, token or key given twice (HTTP 400)',
  'origin-not-allowed': 'refused: page origin not in the cors list (HTTP 403)',
};

const CLOSED: Record<CloseReason, string> = {
  timeout: 'timed out (no heartbeat within alive_timeout)',
  kicked: 'disconnected from the dashboard',
  replaced: 'taken over by a new connection with the same id',
  'too-large': 'closed: sent a frame over max_payload',
  'too-slow': 'closed: too slow reading its socket',
  'invalid-frames': 'closed: kept sending invalid frames',
  flooding: 'closed: kept sending over its frames/s or bytes/s budget',
  client: 'left',
  'server-stop': 'server stopped',
};

const DROPPED: Record<DropReason, string> = {
  'queue-full': 'message dropped: queue for the absent peer is full',
  superseded: 'message dropped: a newer dial to the same absent peer took its place',
  'queue-bytes': 'message dropped: queue memory cap reached',
  'no-destination': 'message dropped: destination not connected',
  malformed: 'invalid frame dropped',
  'sender-gone': 'message dropped: sender gone',
};

function emptyInfo(id: string, time: number, remote: string): PeerInfo {
  return { id, remote, connectedAt: time, lastSeen: time, messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, pendingOut: 0 };
}

export class ProblemLog {
  private byPeer = new Map<string, Map<string, ProblemEntry>>();
  private departedById = new Map<string, Departed>();
  private heartbeatAt = new Map<string, number>();
  /** The last frame heard from each peer in the event stream (fresher than the peers list, sent once a second). */
  private heard = new Map<string, number>();
  private interval = new Map<string, number>();
  private maxSeq = 0;
  /** The sum of every entry's count (kept as entries change: read on every update). */
  private count = 0;
  retentionMs = DEFAULT_DEPARTED_RETENTION_MS;
  /** Negotiations that failed because the other peer never came (one per message-expired event). */
  expiredNegotiations = 0;
  version = 0;

  /** Takes events in stream order; `known` gives the last PeerInfo of a live peer (for departed rows). */
  add(events: readonly ServerEvent[], known: (id: string) => PeerInfo | undefined): void {
    let changed = false;
    for (const e of events) {
      if (e.kind === 'server-started') this.maxSeq = 0;
      if (e.seq <= this.maxSeq) continue;
      this.maxSeq = e.seq;
      if (e.kind === 'frame-in') {
        this.heard.set(e.peer, e.time);
        if (e.type === 'HEARTBEAT') {
          this.beat(e.peer, e.time);
          continue;
        }
      }
      if (e.kind === 'connection-opened') {
        if (this.departedById.delete(e.id)) changed = true;
        this.heartbeatAt.delete(e.id);
        continue;
      }
      if (e.kind === 'connection-closed') {
        this.heartbeatAt.delete(e.id);
        this.heard.delete(e.id);
        this.interval.delete(e.id);
        if (e.reason !== 'replaced') {
          const problem = isProblem(e);
          this.depart({ id: e.id, reason: CLOSED[e.reason] ?? e.reason, problem, time: e.time, info: known(e.id) ?? emptyInfo(e.id, e.time, '') });
          changed = true;
        }
      }
      if (!isProblem(e)) continue;
      changed = this.record(e) || changed;
    }
    if (changed) this.version++;
  }

  private beat(peer: string, time: number): void {
    const prev = this.heartbeatAt.get(peer);
    this.heartbeatAt.set(peer, time);
    if (prev === undefined) return;
    const gap = Math.min(60_000, Math.max(250, time - prev));
    const old = this.interval.get(peer);
    // The larger of the new gap and a decaying average: a late beat widens the estimate at once.
    this.interval.set(peer, old === undefined ? gap : Math.max(gap, old * 0.7 + gap * 0.3));
  }

  /** The latest sign of life of a live peer: its `lastSeen`, or a later frame seen in the event stream. */
  lastSeenOf(peer: PeerInfo): number {
    return Math.max(peer.lastSeen, this.heard.get(peer.id) ?? 0);
  }

  /** The heartbeat interval observed for a peer (PeerJS's 5 s until two beats were seen). */
  intervalOf(peer: string): number {
    return this.interval.get(peer) ?? DEFAULT_HEARTBEAT_MS;
  }

  private depart(d: Departed): void {
    if (this.departedById.size >= MAX_PEERS) {
      const oldest = this.departedById.keys().next().value;
      if (oldest !== undefined) this.departedById.delete(oldest);
    }
    this.departedById.delete(d.id);
    this.departedById.set(d.id, d);
  }

  private record(e: ServerEvent): boolean {
    let peer: string;
    let key: string;
    let kind: ProblemKind;
    let label: string;
    let other: string | null = null;
    switch (e.kind) {
      case 'connection-refused': {
        peer = e.id ?? `(no id) ${e.remote}`;
        kind = 'refused';
        key = `refused:${e.reason}:${e.tried ?? ''}`;
        label = `${REFUSED[e.reason] ?? `refused: ${e.reason}`}${e.tried ? ` (tried ${e.tried})` : ''}`;
        if (e.id !== null && e.reason !== 'id-taken') {
          this.depart({ id: e.id, reason: label, problem: true, time: e.time, info: emptyInfo(e.id, e.time, e.remote) });
        }
        break;
      }
      case 'connection-closed':
        peer = e.id;
        kind = e.reason === 'replaced' ? 'takeover' : 'closed';
        key = `closed:${e.reason}`;
        label = CLOSED[e.reason] ?? `closed: ${e.reason}`;
        break;
      case 'message-expired':
        peer = e.src;
        kind = 'expired';
        other = e.dst;
        key = `expired:${e.dst}`;
        label = `negotiation with ${e.dst} expired: ${e.dst} never connected`;
        this.expiredNegotiations += 1;
        break;
      case 'message-dropped':
        peer = e.src;
        kind = e.reason === 'malformed' ? 'invalid' : 'dropped';
        other = e.dst;
        key = `dropped:${e.reason}:${e.dst ?? ''}`;
        label = `${DROPPED[e.reason] ?? `message dropped: ${e.reason}`}${e.dst ? ` (to ${e.dst})` : ''}`;
        break;
      case 'protocol-error':
        peer = e.peer;
        kind = 'invalid';
        key = `invalid:${e.code}`;
        label = `invalid frame: ${e.msg}`;
        break;
      default:
        return false;
    }
    let entries = this.byPeer.get(peer);
    if (!entries) {
      if (this.byPeer.size >= MAX_PEERS) return false;
      entries = new Map();
      this.byPeer.set(peer, entries);
    }
    this.count += 1;
    const entry = entries.get(key);
    if (entry) {
      entry.count += 1;
      entry.last = e.time;
      entry.lastSeq = e.seq;
    } else {
      entries.set(key, { key, kind, label, other, count: 1, first: e.time, last: e.time, lastSeq: e.seq });
    }
    return true;
  }

  /** Peers with problems, the most recent first. */
  peers(): PeerProblems[] {
    const out: PeerProblems[] = [];
    for (const [peer, entries] of this.byPeer) {
      const list = [...entries.values()].sort((a, b) => b.last - a.last);
      out.push({ peer, entries: list, total: list.reduce((n, x) => n + x.count, 0), last: list[0]?.last ?? 0 });
    }
    return out.sort((a, b) => b.last - a.last || a.peer.localeCompare(b.peer));
  }

  countFor(peer: string): number {
    let n = 0;
    for (const e of this.byPeer.get(peer)?.values() ?? []) n += e.count;
    return n;
  }

  get total(): number {
    return this.count;
  }

  /** Departed peers still within the retention time, newest first. */
  departed(now: number): Departed[] {
    const out: Departed[] = [];
    for (const d of this.departedById.values()) if (now - d.time <= this.retentionMs) out.push(d);
    return out.reverse();
  }

  /** Forgets every problem (and departed peer): only the user calls this. */
  clear(): void {
    this.byPeer.clear();
    this.departedById.clear();
    this.count = 0;
    this.expiredNegotiations = 0;
    this.version++;
  }
}
