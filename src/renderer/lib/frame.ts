/** Reads a PeerJS frame's text into a plain object, without trusting it. Pure. */

export interface ParsedFrame {
  type: string | null;
  src: string | null;
  dst: string | null;
  payload: Record<string, unknown> | null;
  /** The whole parsed JSON value, or null when the text was not JSON. */
  json: unknown;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseFrame(text: string): ParsedFrame {
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    return { type: null, src: null, dst: null, payload: null, json: null };
  }
  if (!isRecord(json)) return { type: null, src: null, dst: null, payload: null, json };
  return {
    type: str(json.type),
    src: str(json.src),
    dst: str(json.dst),
    payload: isRecord(json.payload) ? json.payload : null,
    json,
  };
}

/**
 * `value` as indented JSON, or `fallback` when it cannot be printed: JSON.stringify recurses, and a hostile
 * frame nested thousands of levels deep (which the server drops, but the traffic list still shows) would
 * overflow the stack.
 */
export function prettyJson(value: unknown, fallback: string): string {
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return fallback;
  }
}

/** `payload[key]` when it is text, else `payload[key][key]` (PeerJS nests { sdp: { type, sdp } }, { candidate: { candidate, … } }). */
function nestedText(payload: Record<string, unknown> | null, key: string): string | null {
  const v = payload?.[key];
  if (typeof v === 'string') return v;
  return isRecord(v) && typeof v[key] === 'string' ? v[key] : null;
}

/** The SDP text of an OFFER/ANSWER payload ({ sdp: { type, sdp } } in PeerJS), if any. */
export function sdpOf(payload: Record<string, unknown> | null): string | null {
  return nestedText(payload, 'sdp');
}

/** The candidate line of a CANDIDATE payload ({ candidate: { candidate, sdpMid, ... } } in PeerJS), if any. */
export function candidateOf(payload: Record<string, unknown> | null): string | null {
  return nestedText(payload, 'candidate');
}

export function connectionIdOf(payload: Record<string, unknown> | null): string | null {
  return payload && typeof payload.connectionId === 'string' ? payload.connectionId : null;
}
