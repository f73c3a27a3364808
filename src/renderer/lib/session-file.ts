/**
 * Export and import of a dashboard session as NDJSON, like a webrtc-internals dump:
 * line 1 a header, then one `{"peer": …}` line per peer and one `{"event": …}` line per event.
 * Pure: the caller does the file I/O. Import validates every line and reports the first bad one.
 */
import { z } from 'zod';
import type { HistoryLimits } from '../../shared/control.js';
import { peerInfoSchema, serverEventSchema, type PeerInfo, type ServerEvent } from '../../shared/events.js';
import { validateSettings, type Settings } from '../../shared/settings.js';

export const SESSION_FORMAT = 'switchboard-session';
export const SESSION_VERSION = 1;
/** An imported file holds at most this many events (the newest are kept). */
export const IMPORT_MAX_EVENTS = 500_000;

export interface SessionData {
  exportedAt: number;
  settings: Settings | null;
  history: HistoryLimits | null;
  peers: PeerInfo[];
  events: ServerEvent[];
}

const headerSchema = z.object({
  format: z.literal(SESSION_FORMAT),
  version: z.literal(SESSION_VERSION),
  exportedAt: z.number(),
  settings: z.unknown().optional(),
  history: z.object({ maxEvents: z.number(), maxBytes: z.number() }).nullable().optional(),
});

/** A line after the header: one peer or one event, checked with the event catalogue's own schemas. */
const lineSchema = z.union([z.object({ peer: peerInfoSchema }).strict(), z.object({ event: serverEventSchema }).strict()]);

export function exportSession(data: SessionData): string {
  const header = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: data.exportedAt,
    settings: data.settings,
    history: data.history,
  };
  const lines = [JSON.stringify(header)];
  for (const peer of data.peers) lines.push(JSON.stringify({ peer }));
  for (const event of data.events) lines.push(JSON.stringify({ event }));
  return `${lines.join('\n')}\n`;
}

export type ImportResult = { ok: true; data: SessionData; truncated: number } | { ok: false; error: string };

export function importSession(text: string): ImportResult {
  const lines = text.split('\n');
  let headerLine = -1;
  let header: z.infer<typeof headerSchema> | null = null;
  const peers: PeerInfo[] = [];
  const events: ServerEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, error: `Line ${i + 1} is not JSON` };
    }
    if (headerLine === -1) {
      const parsed = headerSchema.safeParse(value);
      if (!parsed.success) return { ok: false, error: 'Not a Switchboard session file (the first line is not its header)' };
      header = parsed.data;
      headerLine = i;
      continue;
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) return { ok: false, error: `Line ${i + 1} is neither a peer nor an event` };
    if ('peer' in parsed.data) peers.push(parsed.data.peer);
    else events.push(parsed.data.event);
  }
  if (!header) return { ok: false, error: 'The file is empty' };
  const truncated = Math.max(0, events.length - IMPORT_MAX_EVENTS);
  const checked = validateSettings(header.settings);
  const settings = checked.ok ? checked.settings : null;
  return {
    ok: true,
    truncated,
    data: {
      exportedAt: header.exportedAt,
      settings,
      history: header.history ?? null,
      peers,
      events: truncated > 0 ? events.slice(truncated) : events,
    },
  };
}
