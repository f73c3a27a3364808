/**
 * Groups signaling traffic into negotiations for the ladder view: one flow per pair of peers and
 * PeerJS `connectionId`, with every hop (peer → server, server → peer) in order. Pure.
 */
import type { ServerEvent } from '../../shared/events.js';
import { candidateOf, connectionIdOf, parseFrame } from './frame.js';
import { parseCandidate } from './sdp.js';

export type Lane = 'a' | 'server' | 'b';
export type FlowStatus = 'connected' | 'no-answer' | 'expired' | 'error';

export interface FlowStep {
  seq: number;
  time: number;
  /** ms since the flow's first step. */
  rel: number;
  type: string;
  from: Lane;
  to: Lane;
  /** Short detail: candidate type and address, SDP type, queue note. */
  label: string;
  event: ServerEvent;
}

export interface Flow {
  key: string;
  /** The peer that spoke first (normally the offerer). */
  a: string;
  b: string;
  connectionId: string | null;
  /** PeerJS connection type from the OFFER payload: media or data. */
  connectionType: string | null;
  start: number;
  end: number;
  steps: FlowStep[];
  status: FlowStatus;
  /** True when the negotiation needs attention (no answer, expired, error). */
  stalled: boolean;
}

const NEGOTIATION = new Set(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE']);

function pairKey(x: string, y: string): string {
  return x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`;
}

interface Building {
  flow: Flow;
  pair: string;
}

function candidateLabel(payload: Record<string, unknown> | null): string {
  const line = candidateOf(payload);
  if (!line) return '';
  const c = parseCandidate(line);
  return c ? `${c.type} ${c.address}:${c.port}` : '';
}

function labelOf(type: string, payload: Record<string, unknown> | null): string {
  if (type === 'CANDIDATE') return candidateLabel(payload);
  if ((type === 'OFFER' || type === 'ANSWER') && payload && typeof payload.type === 'string') return payload.type;
  return '';
}

function statusOf(flow: Flow): FlowStatus {
  const types = new Set(flow.steps.map((s) => s.type));
  if (types.has('EXPIRE') || types.has('expired')) return 'expired';
  if (types.has('ERROR')) return 'error';
  if (types.has('OFFER') && !types.has('ANSWER')) return 'no-answer';
  return 'connected';
}

/** Builds every flow from events in order (oldest first). */
export function buildFlows(events: readonly ServerEvent[]): Flow[] {
  const flows: Building[] = [];
  const byKey = new Map<string, Building>();
  const latestByPair = new Map<string, Building>();
  /** The latest flow of a pair that had messages queued (what an EXPIRE is about). */
  const queuedByPair = new Map<string, Building>();

  function lane(b: Building, peer: string | null): Lane {
    if (peer === null) return 'server';
    return peer === b.flow.a ? 'a' : 'b';
  }

  function open(x: string, y: string, connectionId: string | null, time: number): Building {
    const pair = pairKey(x, y);
    const key = `${pair}\u0000${connectionId ?? ''}`;
    let b = byKey.get(key);
    if (!b) {
      b = {
        pair,
        flow: {
          key,
          a: x,
          b: y,
          connectionId,
          connectionType: null,
          start: time,
          end: time,
          steps: [],
          status: 'connected',
          stalled: false,
        },
      };
      byKey.set(key, b);
      flows.push(b);
    }
    latestByPair.set(pair, b);
    return b;
  }

  function push(b: Building, event: ServerEvent, type: string, from: string | null, to: string | null, label: string): void {
    b.flow.steps.push({
      seq: event.seq,
      time: event.time,
      rel: event.time - b.flow.start,
      type,
      from: lane(b, from),
      to: lane(b, to),
      label,
      event,
    });
    b.flow.end = Math.max(b.flow.end, event.time);
  }

  for (const event of events) {
    if (event.kind === 'frame-in') {
      if (!event.type || !NEGOTIATION.has(event.type) || !event.dst) continue;
      const frame = parseFrame(event.frame);
      const cid = connectionIdOf(frame.payload);
      const b = cid === null ? latestByPair.get(pairKey(event.peer, event.dst)) ?? open(event.peer, event.dst, null, event.time)
        : open(event.peer, event.dst, cid, event.time);
      if (event.type === 'OFFER' && frame.payload && typeof frame.payload.type === 'string') b.flow.connectionType = frame.payload.type;
      push(b, event, event.type, event.peer, null, labelOf(event.type, frame.payload));
    } else if (event.kind === 'frame-out') {
      if (event.peer === null) continue;
      if (NEGOTIATION.has(event.type) && event.src) {
        const frame = parseFrame(event.frame);
        const cid = connectionIdOf(frame.payload);
        const b = cid === null ? latestByPair.get(pairKey(event.src, event.peer)) ?? open(event.src, event.peer, null, event.time)
          : open(event.src, event.peer, cid, event.time);
        push(b, event, event.type, null, event.peer, labelOf(event.type, frame.payload));
      } else if (event.type === 'EXPIRE' && event.src) {
        // An EXPIRE is about the messages that were queued for that pair: only a flow with queued
        // messages gets it. An ERROR carries no connectionId, so it belongs to no negotiation.
        const b = queuedByPair.get(pairKey(event.peer, event.src));
        if (b) push(b, event, 'EXPIRE', null, event.peer, `${event.src} never came`);
      }
    } else if (event.kind === 'message-queued') {
      const pair = pairKey(event.src, event.dst);
      const b = latestByPair.get(pair);
      if (b) {
        push(b, event, 'queued', null, null, `${event.type} held for ${event.dst} (depth ${event.depth})`);
        queuedByPair.set(pair, b);
      }
    }
  }

  return flows.map(({ flow }) => {
    flow.status = statusOf(flow);
    flow.stalled = flow.status !== 'connected';
    return flow;
  });
}

/** The flow that holds the event with this sequence number, if any. */
export function flowOfSeq(flows: readonly Flow[], seq: number): Flow | null {
  for (let i = flows.length - 1; i >= 0; i--) {
    const f = flows[i];
    if (f?.steps.some((s) => s.seq === seq)) return f;
  }
  return null;
}

/** The distinct pairs of peers that have flows, for the pair picker. */
export function pairsOf(flows: readonly Flow[]): { a: string; b: string; count: number; stalled: number }[] {
  const map = new Map<string, { a: string; b: string; count: number; stalled: number }>();
  for (const f of flows) {
    const k = pairKey(f.a, f.b);
    const entry = map.get(k) ?? { a: f.a < f.b ? f.a : f.b, b: f.a < f.b ? f.b : f.a, count: 0, stalled: 0 };
    entry.count += 1;
    if (f.stalled) entry.stalled += 1;
    map.set(k, entry);
  }
  return [...map.values()];
}
