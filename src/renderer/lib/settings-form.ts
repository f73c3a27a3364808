/** The settings form model: text fields in, validated Settings out (with the shared zod schema). Pure. */
import { validateSettings, type FieldIssue, type Settings } from '../../shared/settings.js';

export type FieldKind = 'number' | 'text' | 'boolean';

export interface FieldSpec {
  name: keyof Settings;
  label: string;
  kind: FieldKind;
  help: string;
  unit?: string;
}

export const FIELDS: FieldSpec[] = [
  { name: 'port', label: 'Port', kind: 'number', help: 'TCP port of the PeerJS server' },
  { name: 'host', label: 'Bind address', kind: 'text', help: '0.0.0.0 = every interface (LAN); 127.0.0.1 = this machine only' },
  { name: 'key', label: 'Key', kind: 'text', help: 'API key clients pass as `key` (PeerJS default: peerjs)' },
  { name: 'path', label: 'Path', kind: 'text', help: 'Mount path, as the client `path` option' },
  { name: 'expire_timeout', label: 'Expire timeout', kind: 'number', unit: 'ms', help: 'How long a message waits for an absent peer' },
  { name: 'alive_timeout', label: 'Alive timeout', kind: 'number', unit: 'ms', help: 'Silence after which a peer is dropped' },
  { name: 'concurrent_limit', label: 'Peer limit', kind: 'number', help: 'Connected peers at most' },
  { name: 'max_payload', label: 'Max frame size', kind: 'number', unit: 'bytes', help: 'Larger frames close the socket' },
  { name: 'max_queue', label: 'Queue per absent peer', kind: 'number', help: 'Messages held for a peer not yet connected (0 = no limit)' },
  { name: 'allow_discovery', label: 'Allow discovery', kind: 'boolean', help: 'Serve GET /<key>/peers (lists every id)' },
  { name: 'proxied', label: 'Behind a proxy', kind: 'boolean', help: 'Trust X-Forwarded-For for remote addresses' },
  { name: 'validate_ids', label: 'Validate ids', kind: 'boolean', help: "Refuse ids the PeerJS client itself would refuse" },
  { name: 'redis', label: 'Cluster Redis URL', kind: 'text', help: 'redis://host:6379 shared by several instances acting as one server; empty = this instance alone' },
  { name: 'start_on_launch', label: 'Start on launch', kind: 'boolean', help: 'Start the server when the app starts' },
  { name: 'start_at_login', label: 'Start at login', kind: 'boolean', help: 'Desktop app only' },
];

export type FormValues = Record<keyof Settings, string | boolean>;

export function toForm(settings: Settings): FormValues {
  const out = {} as FormValues;
  for (const f of FIELDS) {
    const v = settings[f.name];
    out[f.name] = typeof v === 'boolean' ? v : String(v);
  }
  return out;
}

/** Converts the form to a settings object (numbers parsed strictly) and validates it. */
export function fromForm(values: FormValues): { settings: Settings | null; issues: Record<string, string> } {
  const raw: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = values[f.name];
    if (f.kind === 'number') {
      const text = String(v).trim();
      raw[f.name] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text === '' ? undefined : NaN;
    } else raw[f.name] = v;
  }
  const result = validateSettings(raw);
  if (result.ok) return { settings: result.settings, issues: {} };
  return { settings: null, issues: issuesByField(result.issues) };
}

export function issuesByField(issues: readonly FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    if (!(i.field in out)) out[i.field] = friendly(i);
  }
  return out;
}

function friendly(issue: FieldIssue): string {
  if (/expected number, received (undefined|NaN)/i.test(issue.message) || /Invalid input: expected number/i.test(issue.message)) return 'A whole number is required';
  return issue.message;
}
