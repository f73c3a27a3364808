/** Turns server events into the rows of the traffic list. Pure. */
import type { ServerEvent } from '../../shared/events.js';

export type Direction = 'in' | 'out' | 'sys';

export interface TrafficRow {
  /** Position in this session's stream (monotonic, survives trimming). */
  n: number;
  event: ServerEvent;
  time: number;
  dir: Direction;
  /** Message type (OPEN, OFFER, ...) for frames; the event kind for the rest. */
  type: string;
  src: string;
  dst: string;
  size: number;
  /** Lower-cased text searched by the free-text filter, built on first use ('' until then). */
  haystack: string;
  /** Something went wrong here (refusal, timeout, expiry, drop, invalid frame, ERROR sent). */
  problem: boolean;
  /** For a received frame the server relayed: the copy it delivered (set when the copy arrives). */
  relay: TrafficRow | null;
  /** For a delivered copy: the `n` of the received frame it is folded into, else 0. */
  foldedInto: number;
}

export const SERVER = 'server';

function dash(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}

function row(n: number, event: ServerEvent, dir: Direction, type: string, src: string, dst: string, size: number): TrafficRow {
  return { n, event, time: event.time, dir, type, src, dst, size, haystack: '', problem: isProblem(event), relay: null, foldedInto: 0 };
}

/** Close reasons that are the peer's or the network's normal doing (not a problem to report). */
const BENIGN_CLOSE = new Set(['client', 'server-stop']);

/** True for the events a person in the room must look at: the Problems view and "problems only" read this. */
export function isProblem(event: ServerEvent): boolean {
  switch (event.kind) {
    case 'connection-refused':
    case 'message-expired':
    case 'message-dropped':
    case 'protocol-error':
      return true;
    case 'connection-closed':
      return !BENIGN_CLOSE.has(event.reason);
    case 'frame-in':
      return event.type === null;
    case 'frame-out':
      return event.type === 'ERROR' || event.type === 'ID-TAKEN' || event.type === 'EXPIRE';
    default:
      return false;
  }
}

export function toRow(event: ServerEvent, n: number): TrafficRow {
  switch (event.kind) {
    case 'frame-in':
      return row(n, event, 'in', event.type ?? '(invalid)', event.peer, dash(event.dst), event.size);
    case 'frame-out':
      return row(n, event, 'out', event.type, event.src ?? SERVER, dash(event.peer), event.size);
    case 'connection-opened':
      return row(n, event, 'sys', 'connected', event.id, SERVER, 0);
    case 'connection-closed':
      return row(n, event, 'sys', 'closed', event.id, SERVER, 0);
    case 'connection-refused':
      return row(n, event, 'sys', 'refused', dash(event.id), SERVER, 0);
    case 'message-queued':
      return row(n, event, 'sys', 'queued', event.src, event.dst, 0);
    case 'message-expired':
      return row(n, event, 'sys', 'expired', event.src, event.dst, 0);
    case 'message-dropped':
      return row(n, event, 'sys', 'dropped', event.src, dash(event.dst), 0);
    case 'protocol-error':
      return row(n, event, 'sys', 'protocol-error', event.peer, SERVER, 0);
    case 'server-started':
      return row(n, event, 'sys', 'started', SERVER, '—', 0);
    case 'server-stopped':
      return row(n, event, 'sys', 'stopped', SERVER, '—', 0);
    case 'cluster-status':
      return row(n, event, 'sys', `cluster ${event.status}`, SERVER, '—', 0);
  }
}

/** A one-line description of the row's details (reason, code, frame text). */
export function detailOf(row: TrafficRow): string {
  const e = row.event;
  switch (e.kind) {
    case 'frame-in':
    case 'frame-out':
      return e.frame;
    case 'connection-opened':
      return `${e.remote}${e.reconnect ? ' (reconnect)' : ''}`;
    case 'connection-closed':
      return `${e.reason} (code ${e.code})`;
    case 'connection-refused':
      return `${e.reason}: ${e.msg}${e.tried ? ` (tried key ${e.tried})` : ''}`;
    case 'message-queued':
      return `${e.type} waiting for ${e.dst} (depth ${e.depth})`;
    case 'message-expired':
      return `${e.count} message(s) expired`;
    case 'message-dropped':
      return `${e.type ?? '?'} dropped: ${e.reason}`;
    case 'protocol-error':
      return `${e.code}: ${e.msg}`;
    case 'server-started':
      return `listening on ${e.host}:${e.port}${e.path}`;
    case 'server-stopped':
      return 'server stopped';
    case 'cluster-status':
      return e.detail;
  }
}

export function haystackOf(row: TrafficRow): string {
  if (row.haystack === '') row.haystack = `${row.type} ${row.src} ${row.dst} ${detailOf(row)}`.toLowerCase();
  return row.haystack;
}
