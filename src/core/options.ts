/**
 * Options of the signaling server, with the reference server's names and defaults (`peer` 1.0.2),
 * plus Switchboard's limits. This is the core's part of the option catalogue: one entry per option with
 * its schema, default, range, unit, description and surfaces (see ./option-spec.ts). `resolveOptions`,
 * the CLI (src/cli/args.ts), the settings schema and form (src/shared/options.ts) all derive from it.
 */
import { z } from 'zod';
import { SignalingError } from './errors.js';
import { boolean, firstIssue, integer, text, value, type OptionValues } from './option-spec.js';

/**
 * Mount paths hold URL-safe characters only: Express reads `* ? ( ) : { }` in a path as route syntax,
 * and a space or `%` would never equal the WebSocket's request path.
 */
const PATH_PATTERN = /^[A-Za-z0-9._~/-]*$/;

export function isValidPath(path: string): boolean {
  return PATH_PATTERN.test(path);
}

/** Normalises a mount path: leading slash, no trailing slash except for the root. */
export function normalizePath(path: string): string {
  let p = path.startsWith('/') ? path : `/${path}`;
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** A Redis URL for the cluster mode: redis:// or rediss:// with a host. */
export function isRedisUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;
const MiB = 1024 * 1024;

/** The core's options. Order is the order of --help, the README table and the settings form. */
export const CORE_OPTIONS = {
  port: integer({
    default: 9000, min: 0, max: 65535,
    description: 'Port to listen on (0 = any free port)',
    cli: { short: 'p', env: 'PORT' }, form: { label: 'Port', help: 'TCP port of the PeerJS server (0 = any free port)' }, library: true,
  }),
  host: text({
    default: '::', max: 255,
    description: 'Address to bind (:: = all interfaces, IPv4 and IPv6)',
    cli: { short: 'H' }, form: { label: 'Bind address', help: '`::` (the default) or `0.0.0.0` = every interface (LAN); `127.0.0.1` = this computer only' }, library: true,
  }),
  // Any text, as the reference accepts (even `12345`); clients send it URL-encoded.
  key: text({
    default: 'peerjs', max: 1024,
    description: 'Connection key clients must present (any text)',
    cli: { short: 'k' }, form: { label: 'Key', help: 'API key clients pass as `key` (PeerJS default: peerjs)' }, library: true,
  }),
  path: text({
    default: '/', max: 200,
    rule: (s) => s.regex(PATH_PATTERN, { error: 'may hold only letters, digits and . _ ~ - /' }).transform(normalizePath),
    description: 'Mount path of the HTTP routes and <path>/peerjs',
    cli: { env: 'PEERSERVER_PATH' }, form: { label: 'Path', help: 'Mount path, as the client `path` option' }, library: true,
  }),
  expire_timeout: integer({
    default: 5000, min: 1, max: DAY_MS, unit: 'ms',
    description: 'ms a message waits for an absent peer before EXPIRE',
    cli: { short: 't' }, form: { label: 'Expire timeout', help: 'How long a message waits for an absent peer' }, library: true,
  }),
  alive_timeout: integer({
    default: 90_000, min: 1, max: 7 * DAY_MS, unit: 'ms',
    description: 'ms of silence before a client is disconnected',
    cli: {}, form: { label: 'Alive timeout', help: 'Silence after which a peer is dropped' }, library: true,
  }),
  concurrent_limit: integer({
    default: 5000, min: 0, max: 10_000_000, unit: 'clients',
    description: 'Most clients connected at once',
    cli: { short: 'c' }, form: { label: 'Peer limit', help: 'Connected peers at most' }, library: true,
  }),
  allow_discovery: boolean({
    default: false,
    description: 'Serve GET <path>/<key>/peers (list of connected ids)',
    cli: {}, form: { label: 'Allow discovery', help: 'Serve GET /<key>/peers (lists every id)' }, library: true,
  }),
  proxied: boolean({
    default: false,
    description: 'Behind a reverse proxy: trust X-Forwarded-For',
    cli: {}, form: { label: 'Behind a proxy', help: 'Trust X-Forwarded-For for remote addresses' }, library: true,
  }),
  cors: value<true | string[], { description: string; cli: { defaultText: string }; library: true }>({
    kind: 'strings',
    default: true,
    schema: z.union([z.literal(true), z.array(z.string().min(1, { error: 'needs an origin' })).min(1)], { error: 'must be true or a list of origins' }),
    description: 'Allowed CORS origins (several per flag, or repeat the flag)',
    cli: { defaultText: 'any origin' }, library: true,
  }),
  max_payload: integer({
    default: 256 * 1024, min: 64, max: 1024 * MiB, unit: 'bytes',
    description: 'Largest frame in bytes; bigger ones close with 1009',
    cli: {}, form: { label: 'Max frame size', help: 'Larger frames close the socket' }, library: true,
  }),
  max_queue: integer({
    default: 100, min: 0, max: 10_000_000, unit: 'messages',
    description: 'Messages queued per absent id (0 = no limit)',
    cli: {}, form: { label: 'Queue per absent peer', help: 'Messages held for a peer not yet connected (0 = no limit)' }, library: true,
  }),
  max_queued_bytes: integer({
    default: 16 * MiB, min: 0, max: Number.MAX_SAFE_INTEGER, unit: 'bytes',
    description: 'Bytes queued for all absent ids (0 = no limit)',
    cli: {}, library: true,
  }),
  max_buffered: integer({
    default: 8 * MiB, min: 1024, max: Number.MAX_SAFE_INTEGER, unit: 'bytes',
    description: 'Bytes waiting for one client before it is cut off as too slow',
    cli: {}, library: true,
  }),
  max_frame_rate: integer({
    default: 5000, min: 0, max: 10_000_000, unit: 'frames/s',
    description: 'Frames/s one client may send on average, bursts of 2 s worth; beyond it the server stops reading that client for a while (0 = no limit)',
    cli: {}, library: true,
  }),
  max_byte_rate: integer({
    default: 4 * MiB, min: 0, max: Number.MAX_SAFE_INTEGER, unit: 'bytes/s',
    description: 'Bytes/s one client may send on average, as --max_frame_rate (0 = no limit)',
    cli: {}, library: true,
  }),
  flood_timeout: integer({
    default: 5000, min: 0, max: DAY_MS, unit: 'ms',
    description: 'ms a client may stay over its rate (slowed down) before it is closed with 1008, reason flooding (0 = never)',
    cli: {}, library: true,
  }),
  validate_ids: boolean({
    default: true,
    description: 'Check ids with the PeerJS client rule (--no-validate_ids: off)',
    cli: {}, form: { label: 'Validate ids', help: 'Refuse ids the PeerJS client itself would refuse' }, library: true,
  }),
  ssl: value<{ key: string; cert: string } | null, { description: string; library: true }>({
    default: null,
    schema: z.object({ key: z.string(), cert: z.string() }, { error: 'must be { key, cert } (PEM text) or null' }).nullable(),
    description: 'PEM key and certificate (contents) for HTTPS/WSS',
    library: true,
  }),
  generateClientId: value<(() => string) | null, { description: string; library: true }>({
    default: null,
    schema: z.custom<() => string>((v) => typeof v === 'function', { error: 'must be a function or null' }).nullable(),
    description: 'Custom id generator for GET <key>/id (default crypto.randomUUID)',
    library: true,
  }),
  history: value<{ maxEvents: number; maxBytes: number } | false, { description: string; library: true }>({
    default: { maxEvents: 10_000, maxBytes: 16 * MiB },
    schema: z.union([
      z.literal(false),
      z.object({ maxEvents: integer({ default: 1, min: 1, max: 10_000_000, description: '' }).schema, maxBytes: integer({ default: 1, min: 1, max: Number.MAX_SAFE_INTEGER, description: '' }).schema }),
    ], { error: 'must be false or { maxEvents, maxBytes }' }),
    description: 'Ring buffer of recent events for a dashboard; false turns it off',
    library: true,
  }),
  cluster: value<{ redis: string; lease_ms?: number } | null, { description: string; library: true }>({
    default: null,
    schema: z
      .object({
        redis: z.string().refine(isRedisUrl, { error: 'redis must be a redis:// or rediss:// URL' }),
        lease_ms: z.number().int().min(500).max(600_000).optional(),
      }, { error: 'must be { redis, lease_ms? } or null' })
      .nullable(),
    description: 'Multi-instance mode: instances sharing this Redis 7 act as one server (null: one instance, nothing extra loaded)',
    library: true,
  }),
};

export type SignalingOptions = OptionValues<typeof CORE_OPTIONS>;

type Defaults = { readonly [K in keyof SignalingOptions]: SignalingOptions[K] };

export const DEFAULT_OPTIONS: Readonly<SignalingOptions> = Object.freeze(
  Object.fromEntries(Object.entries(CORE_OPTIONS).map(([name, spec]) => [name, spec.default])) as Defaults,
);

/** Fills defaults and validates every option; throws a SignalingError (code ERR_INVALID_OPTION). */
export function resolveOptions(input: Partial<SignalingOptions> = {}): SignalingOptions {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(CORE_OPTIONS)) {
    const given = (input as Record<string, unknown>)[name];
    const parsed = spec.schema.safeParse(given === undefined ? spec.default : given);
    if (!parsed.success) {
      throw new SignalingError('ERR_INVALID_OPTION', `Option ${name} ${firstIssue(parsed.error)}, got ${describe(given)}`);
    }
    out[name] = parsed.data;
  }
  return out as SignalingOptions;
}

function describe(v: unknown): string {
  if (typeof v === 'function') return 'a function';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
