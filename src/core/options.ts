/**
 * Options of the signaling server, with the reference server's names and defaults (`peer` 1.0.2),
 * plus Switchboard's limits. Every default is explicit here; `resolveOptions` fills and checks them.
 */
import { SignalingError } from './errors.js';

export interface SignalingOptions {
  /** TCP port; 0 picks a free one. Default 9000. */
  port: number;
  /** Bind address. Default '::' (all interfaces, like the reference; falls back to 0.0.0.0 without IPv6). */
  host: string;
  /** The API key clients must present. Default 'peerjs'. */
  key: string;
  /** Mount path of the HTTP routes and of `<path>/peerjs`. Default '/'. */
  path: string;
  /** ms an undelivered message waits for its absent destination before EXPIRE. Default 5000. */
  expire_timeout: number;
  /** ms of silence after which a client is disconnected. Default 90000. */
  alive_timeout: number;
  /** Registered clients at most. Default 5000. */
  concurrent_limit: number;
  /** Enables GET <path>/<key>/peers. Default false. */
  allow_discovery: boolean;
  /** Trust X-Forwarded-For for remote addresses (behind a reverse proxy). Default false. */
  proxied: boolean;
  /** Allowed CORS origins; `true` reflects the request's Origin. Default true. */
  cors: true | string[];
  /** PEM key and certificate (contents) for HTTPS/WSS. */
  ssl: { key: string; cert: string } | null;
  /** Custom id generator for GET <key>/id. Default crypto.randomUUID. */
  generateClientId: (() => string) | null;
  /** Largest frame accepted, in bytes; bigger frames close the socket with 1009. Default 256 KiB. */
  max_payload: number;
  /** Messages queued per absent id at most; 0 = no limit. Default 100. */
  max_queue: number;
  /** Bytes queued for all absent ids together at most; 0 = no limit. Default 16 MiB. */
  max_queued_bytes: number;
  /** Bytes waiting to be written to one client at most; a client that does not read is disconnected. Default 8 MiB. */
  max_buffered: number;
  /**
   * Frames per second one socket may send on average (bursts of 2 s worth allowed); beyond it the server
   * stops reading that socket for a while. 0 = no limit. Default 5000.
   */
  max_frame_rate: number;
  /** Bytes per second one socket may send on average (bursts of 2 s worth allowed); as max_frame_rate. 0 = no limit. Default 4 MiB. */
  max_byte_rate: number;
  /** ms a socket may stay over its budget (slowed down) before it is closed with 1008 ('flooding'); 0 = never. Default 5000. */
  flood_timeout: number;
  /** Validate ids with the PeerJS client's own rule. Default true. */
  validate_ids: boolean;
  /** Ring buffer of recent events for a dashboard; false turns it off. Default 10,000 events / 16 MiB. */
  history: { maxEvents: number; maxBytes: number } | false;
  /**
   * Multi-instance mode: instances sharing this Redis 7 act as one server (ids unique cluster-wide,
   * frames relayed between instances, queues shared). null: one instance, nothing extra loaded. Default null.
   */
  cluster: { redis: string; lease_ms?: number } | null;
}

export const DEFAULT_OPTIONS: Readonly<SignalingOptions> = Object.freeze({
  port: 9000,
  host: '::',
  key: 'peerjs',
  path: '/',
  expire_timeout: 5000,
  alive_timeout: 90_000,
  concurrent_limit: 5000,
  allow_discovery: false,
  proxied: false,
  cors: true,
  ssl: null,
  generateClientId: null,
  max_payload: 256 * 1024,
  max_queue: 100,
  max_queued_bytes: 16 * 1024 * 1024,
  max_buffered: 8 * 1024 * 1024,
  max_frame_rate: 5000,
  max_byte_rate: 4 * 1024 * 1024,
  flood_timeout: 5000,
  validate_ids: true,
  history: { maxEvents: 10_000, maxBytes: 16 * 1024 * 1024 },
  cluster: null,
});

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SignalingError('ERR_INVALID_OPTION', `Option ${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

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

/** Fills defaults and validates every option; throws a SignalingError (code ERR_INVALID_OPTION). */
export function resolveOptions(input: Partial<SignalingOptions> = {}): SignalingOptions {
  const o: SignalingOptions = { ...DEFAULT_OPTIONS, ...stripUndefined(input) };
  checkInt('port', o.port, 0, 65535);
  checkInt('expire_timeout', o.expire_timeout, 1, 86_400_000);
  checkInt('alive_timeout', o.alive_timeout, 1, 86_400_000 * 7);
  checkInt('concurrent_limit', o.concurrent_limit, 0, 10_000_000);
  checkInt('max_payload', o.max_payload, 64, 1024 * 1024 * 1024);
  checkInt('max_queue', o.max_queue, 0, 10_000_000);
  checkInt('max_queued_bytes', o.max_queued_bytes, 0, Number.MAX_SAFE_INTEGER);
  checkInt('max_buffered', o.max_buffered, 1024, Number.MAX_SAFE_INTEGER);
  checkInt('max_frame_rate', o.max_frame_rate, 0, 10_000_000);
  checkInt('max_byte_rate', o.max_byte_rate, 0, Number.MAX_SAFE_INTEGER);
  checkInt('flood_timeout', o.flood_timeout, 0, 86_400_000);
  if (typeof o.key !== 'string' || o.key.length === 0) {
    throw new SignalingError('ERR_INVALID_OPTION', 'Option key must be a non-empty string');
  }
  if (typeof o.host !== 'string' || o.host.length === 0) {
    throw new SignalingError('ERR_INVALID_OPTION', 'Option host must be a non-empty string');
  }
  if (o.cors !== true && !(Array.isArray(o.cors) && o.cors.every((c) => typeof c === 'string'))) {
    throw new SignalingError('ERR_INVALID_OPTION', 'Option cors must be true or a list of origins');
  }
  if (o.history !== false) {
    checkInt('history.maxEvents', o.history.maxEvents, 1, 10_000_000);
    checkInt('history.maxBytes', o.history.maxBytes, 1, Number.MAX_SAFE_INTEGER);
  }
  if (typeof o.path !== 'string' || !isValidPath(o.path)) {
    throw new SignalingError('ERR_INVALID_OPTION', `Option path may hold only letters, digits and . _ ~ - /, got ${JSON.stringify(o.path)}`);
  }
  o.path = normalizePath(o.path);
  if (o.cluster !== null) checkCluster(o.cluster);
  return o;
}

/** A redis:// or rediss:// URL (what ioredis accepts), and a lease of 0.5 s to 10 min. */
export function checkCluster(cluster: { redis: string; lease_ms?: number }): void {
  let url: URL | null = null;
  try {
    url = typeof cluster?.redis === 'string' ? new URL(cluster.redis) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new SignalingError('ERR_INVALID_OPTION', `Option cluster.redis must be a redis:// or rediss:// URL, got ${JSON.stringify(cluster?.redis)}`);
  }
  if (cluster.lease_ms !== undefined) checkInt('cluster.lease_ms', cluster.lease_ms, 500, 600_000);
}

function stripUndefined<T extends object>(input: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(input) as [keyof T, T[keyof T]][]) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}
