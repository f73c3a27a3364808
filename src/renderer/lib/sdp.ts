/**
 * A small, forgiving SDP reader for the inspector: media sections, codecs, ICE credentials and
 * candidates. Pure: no DOM, no I/O. Unknown lines are ignored; it never throws on bad input.
 */

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay' | 'unknown';

export interface IceCandidate {
  foundation: string;
  component: number;
  protocol: string;
  priority: number;
  address: string;
  port: number;
  type: CandidateType;
  /** Related address and port (srflx/relay), when given. */
  relatedAddress: string | null;
  relatedPort: number | null;
  tcpType: string | null;
}

export interface Codec {
  payloadType: number;
  name: string;
  clockRate: number | null;
  channels: number | null;
}

export interface MediaSection {
  /** audio, video, application (data channels), ... */
  kind: string;
  port: number;
  protocol: string;
  mid: string | null;
  direction: string | null;
  codecs: Codec[];
  iceUfrag: string | null;
  fingerprint: string | null;
  setup: string | null;
  /** For data channels: the SCTP port, when given. */
  sctpPort: number | null;
  candidates: IceCandidate[];
}

export interface SdpSummary {
  origin: string | null;
  sessionName: string | null;
  /** Session-level a=group lines, e.g. "BUNDLE 0 1". */
  groups: string[];
  /** Session-level ICE ufrag; media sections may carry their own. */
  iceUfrag: string | null;
  iceOptions: string | null;
  media: MediaSection[];
  /** Every candidate of every section. */
  candidates: IceCandidate[];
}

const CANDIDATE_TYPES: ReadonlySet<string> = new Set(['host', 'srflx', 'prflx', 'relay']);

function toInt(text: string | undefined): number | null {
  if (text === undefined || !/^-?\d+$/.test(text)) return null;
  return Number(text);
}

/** Parses one candidate line: "candidate:..." or "a=candidate:..."; null when it is not one. */
export function parseCandidate(line: string): IceCandidate | null {
  let text = line.trim();
  if (text.startsWith('a=')) text = text.slice(2);
  if (!text.startsWith('candidate:')) return null;
  const parts = text.slice('candidate:'.length).split(/\s+/);
  if (parts.length < 8 || parts[6] !== 'typ') return null;
  const [foundation = '', component, protocol = '', priority, address = '', port, , typ = ''] = parts;
  const candidate: IceCandidate = {
    foundation,
    component: toInt(component) ?? 0,
    protocol: protocol.toLowerCase(),
    priority: toInt(priority) ?? 0,
    address,
    port: toInt(port) ?? 0,
    type: CANDIDATE_TYPES.has(typ) ? (typ as CandidateType) : 'unknown',
    relatedAddress: null,
    relatedPort: null,
    tcpType: null,
  };
  for (let i = 8; i + 1 < parts.length; i += 2) {
    const key = parts[i];
    const value = parts[i + 1];
    if (key === 'raddr') candidate.relatedAddress = value ?? null;
    else if (key === 'rport') candidate.relatedPort = toInt(value);
    else if (key === 'tcptype') candidate.tcpType = value ?? null;
  }
  return candidate;
}

function newSection(mLine: string): MediaSection {
  const [kind = '', port, protocol = ''] = mLine.split(/\s+/);
  return {
    kind,
    port: toInt(port?.split('/')[0]) ?? 0,
    protocol,
    mid: null,
    direction: null,
    codecs: [],
    iceUfrag: null,
    fingerprint: null,
    setup: null,
    sctpPort: null,
    candidates: [],
  };
}

const DIRECTIONS: ReadonlySet<string> = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** Reads an SDP text. Returns null when the text has no SDP structure at all (no v= and no m= line). */
export function parseSdp(text: string): SdpSummary | null {
  if (typeof text !== 'string') return null;
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 1 && l[1] === '=');
  if (!lines.some((l) => l.startsWith('v=') || l.startsWith('m='))) return null;
  const summary: SdpSummary = {
    origin: null,
    sessionName: null,
    groups: [],
    iceUfrag: null,
    iceOptions: null,
    media: [],
    candidates: [],
  };
  let section: MediaSection | null = null;
  for (const line of lines) {
    const type = line[0];
    const value = line.slice(2);
    if (type === 'm') {
      section = newSection(value);
      summary.media.push(section);
      continue;
    }
    if (type === 'o' && !section) summary.origin = value;
    else if (type === 's' && !section) summary.sessionName = value;
    if (type !== 'a') continue;
    const colon = value.indexOf(':');
    const attr = colon === -1 ? value : value.slice(0, colon);
    const rest = colon === -1 ? '' : value.slice(colon + 1);
    if (DIRECTIONS.has(attr)) {
      if (section) section.direction = attr;
      continue;
    }
    switch (attr) {
      case 'group':
        if (!section) summary.groups.push(rest);
        break;
      case 'ice-ufrag':
        if (section) section.iceUfrag = rest;
        else summary.iceUfrag = rest;
        break;
      case 'ice-options':
        if (!section) summary.iceOptions = rest;
        break;
      case 'mid':
        if (section) section.mid = rest;
        break;
      case 'fingerprint':
        if (section) section.fingerprint = rest;
        break;
      case 'setup':
        if (section) section.setup = rest;
        break;
      case 'sctp-port':
        if (section) section.sctpPort = toInt(rest);
        break;
      case 'rtpmap': {
        if (!section) break;
        const m = /^(\d+)\s+([^/\s]+)(?:\/(\d+))?(?:\/(\d+))?/.exec(rest);
        if (m) {
          section.codecs.push({
            payloadType: Number(m[1]),
            name: m[2] ?? '',
            clockRate: toInt(m[3]),
            channels: toInt(m[4]),
          });
        }
        break;
      }
      case 'candidate': {
        const candidate = parseCandidate(value);
        if (candidate) {
          if (section) section.candidates.push(candidate);
          summary.candidates.push(candidate);
        }
        break;
      }
      default:
        break;
    }
  }
  if (summary.iceUfrag === null) summary.iceUfrag = summary.media.find((m) => m.iceUfrag)?.iceUfrag ?? null;
  return summary;
}
