/** The settings form model: text fields in, validated Settings out (with the shared zod schema). Pure. */
import { PRIVILEGED_PORT_BELOW, validateSettings, type FieldIssue, type Settings } from '../../shared/settings.js';

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
  { name: 'host', label: 'Bind address', kind: 'text', help: '`::` = every interface (default); `0.0.0.0` = every IPv4 interface; `127.0.0.1` = this computer only' },
  { name: 'key', label: 'Key', kind: 'text', help: 'Any text; clients pass it as `key` (PeerJS default: `peerjs`)' },
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

/** What the form knows about the machine (from the snapshot) to check fields before Apply. */
export interface FormContext {
  /** This computer's addresses; undefined = unknown (no bind-address check). */
  localAddresses?: readonly string[];
}

/** Bind addresses that mean "every interface" or "this computer", valid everywhere. */
const ALWAYS_BINDABLE = new Set(['::', '::0', '0.0.0.0', 'localhost', '127.0.0.1', '::1']);

/** Null when `host` can be bound on this computer, else why not, in plain words. */
export function bindAddressIssue(host: string, localAddresses: readonly string[] | undefined): string | null {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === '' || localAddresses === undefined || ALWAYS_BINDABLE.has(h)) return null;
  if (localAddresses.some((a) => a.toLowerCase() === h)) return null;
  const mine = localAddresses.filter((a) => !a.includes(':') && a !== '127.0.0.1').slice(0, 3);
  const hint = mine.length > 0 ? `; this computer has ${mine.join(', ')}` : '';
  return `${host.trim()} is not an address of this computer. Use :: for every interface${hint}.`;
}

/** Non-blocking notes (the settings are valid but may not do what the user expects). */
export function formWarnings(values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  const port = Number(String(values.port).trim());
  if (Number.isInteger(port) && port >= 1 && port < PRIVILEGED_PORT_BELOW) {
    out.port = `Ports below ${PRIVILEGED_PORT_BELOW} need administrator rights on Linux and macOS; Apply will fail without them.`;
  }
  return out;
}

/** Converts the form to a settings object (numbers parsed strictly) and validates it. */
export function fromForm(values: FormValues, context: FormContext = {}): { settings: Settings | null; issues: Record<string, string> } {
  const raw: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = values[f.name];
    if (f.kind === 'number') {
      const text = String(v).trim();
      raw[f.name] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text === '' ? undefined : NaN;
    } else raw[f.name] = v;
  }
  const result = validateSettings(raw);
  const bind = typeof raw.host === 'string' ? bindAddressIssue(raw.host, context.localAddresses) : null;
  if (result.ok && bind === null) return { settings: result.settings, issues: {} };
  const issues = result.ok ? {} : issuesByField(result.issues);
  if (bind !== null && !('host' in issues)) issues.host = bind;
  return { settings: null, issues };
}

export function issuesByField(issues: readonly FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    if (!(i.field in out)) out[i.field] = friendly(i);
  }
  return out;
}

/** Plain words for what a schema (or an older server) might still say in validator terms. */
function friendly(issue: FieldIssue): string {
  if (/expected (int|number|integer)/i.test(issue.message) || /received (undefined|NaN|number)/i.test(issue.message)) return 'A whole number is required';
  if (/^Invalid input/i.test(issue.message)) return 'This value is not valid here';
  return issue.message;
}
