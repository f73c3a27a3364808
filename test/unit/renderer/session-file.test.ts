import { beforeEach, describe, expect, it } from 'vitest';
import type { PeerInfo } from '../../../src/shared/events.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { exportSession, importSession } from '../../../src/renderer/lib/session-file.js';
import { closed, opened, relay, resetClock, serverSends } from './fixtures/events.js';

const peer: PeerInfo = { id: 'alice', remote: '192.168.1.23', connectedAt: 1, lastSeen: 2, messagesIn: 3, messagesOut: 4, bytesIn: 5, bytesOut: 6, pendingOut: 0 };

describe('session file (NDJSON)', () => {
  beforeEach(() => resetClock());

  it('round-trips settings, history, peers and every kind of event', () => {
    const events = [opened('alice'), serverSends('alice', { type: 'OPEN' }), ...relay('alice', 'bob', 'OFFER', { connectionId: 'dc_1' }), closed('alice')];
    const text = exportSession({ exportedAt: 123, settings: DEFAULT_SETTINGS, history: { maxEvents: 10, maxBytes: 20 }, peers: [peer], events });
    expect(text.trim().split('\n')).toHaveLength(1 + 1 + events.length);
    const back = importSession(text);
    expect(back).toEqual({ ok: true, truncated: 0, data: { exportedAt: 123, settings: DEFAULT_SETTINGS, history: { maxEvents: 10, maxBytes: 20 }, peers: [peer], events } });
  });

  it('says which line is wrong, never throws', () => {
    expect(importSession('')).toEqual({ ok: false, error: 'The file is empty' });
    expect(importSession('{"hello":1}\n')).toMatchObject({ ok: false, error: expect.stringContaining('Not a Switchboard session') });
    const header = exportSession({ exportedAt: 1, settings: null, history: null, peers: [], events: [] }).trim();
    expect(importSession(`${header}\nnot json\n`)).toEqual({ ok: false, error: 'Line 2 is not JSON' });
    expect(importSession(`${header}\n{"event":{"kind":"frame-in","seq":1}}\n`)).toEqual({ ok: false, error: 'Line 2 is neither a peer nor an event' });
    expect(importSession(`${header}\n{"peer":{"id":1}}\n`)).toMatchObject({ ok: false });
  });

  it('drops invalid settings in the header instead of trusting them', () => {
    const text = exportSession({ exportedAt: 1, settings: { ...DEFAULT_SETTINGS, port: -5 }, history: null, peers: [], events: [] });
    const back = importSession(text);
    expect(back.ok && back.data.settings).toBeNull();
  });
});

describe('session import with the event catalogue', () => {
  it('refuses an event whose reason or message type the core never produces', () => {
    const header = exportSession({ exportedAt: 1, settings: null, history: null, peers: [], events: [] }).trim();
    const refused = { seq: 1, time: 1, kind: 'connection-refused', id: null, remote: '10.0.0.1', reason: 'invalid-key', msg: 'Invalid key provided' };
    expect(importSession(`${header}\n${JSON.stringify({ event: refused })}\n`)).toMatchObject({ ok: true, data: { events: [refused] } });
    expect(importSession(`${header}\n${JSON.stringify({ event: { ...refused, reason: 'bored' } })}\n`)).toEqual({ ok: false, error: 'Line 2 is neither a peer nor an event' });
    const queued = { seq: 2, time: 2, kind: 'message-queued', src: 'a', dst: 'b', type: 'NOPE', depth: 1 };
    expect(importSession(`${header}\n${JSON.stringify({ event: queued })}\n`)).toMatchObject({ ok: false });
  });
});
