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
  /** Lower-cased text searched by the free-text filter, built on first use. */
  haystack?: string;
}

export const SERVER = 'server';

function dash(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}

export function toRow(event: ServerEvent, n: number): TrafficRow {
  const base = { n, event, time: event.time };
  switch (event.kind) {
    case 'frame-in':
      return { ...base, dir: 'in', type: event.type ?? '(invalid)', src: event.peer, dst: dash(event.dst), size: event.size };
    case 'frame-out':
      return { ...base, dir: 'out', type: event.type, src: event.src ?? SERVER, dst: dash(event.peer), size: event.size };
    case 'connection-opened':
      return { ...base, dir: 'sys', type: 'connected', src: event.id, dst: SERVER, size: 0 };
    case 'connection-closed':
      return { ...base, dir: 'sys', type: 'closed', src: event.id, dst: SERVER, size: 0 };
    case 'connection-refused':
      return { ...base, dir: 'sys', type: 'refused', src: dash(event.id), dst: SERVER, size: 0 };
    case 'message-queued':
      return { ...base, dir: 'sys', type: 'queued', src: event.src, dst: event.dst, size: 0 };
    case 'message-expired':
      return { ...base, dir: 'sys', type: 'expired', src: event.src, dst: event.dst, size: 0 };
    case 'message-dropped':
      return { ...base, dir: 'sys', type: 'dropped', src: event.src, dst: dash(event.dst), size: 0 };
    case 'protocol-error':
      return { ...base, dir: 'sys', type: 'protocol-error', src: event.peer, dst: SERVER, size: 0 };
    case 'server-started':
      return { ...base, dir: 'sys', type: 'started', src: SERVER, dst: '—', size: 0 };
    case 'server-stopped':
      return { ...base, dir: 'sys', type: 'stopped', src: SERVER, dst: '—', size: 0 };
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
      return `${e.reason}: ${e.msg}`;
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
  }
}

export function haystackOf(row: TrafficRow): string {
  if (row.haystack === undefined) {
    row.haystack = `${row.type} ${row.src} ${row.dst} ${detailOf(row)}`.toLowerCase();
  }
  return row.haystack;
}
