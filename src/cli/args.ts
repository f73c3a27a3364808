/**
 * Command-line flags: the reference server's (`peerjs` CLI of npm `peer` 1.0.2), same names, short
 * aliases and defaults, plus Switchboard's. Parsing never exits; it returns an error a caller prints.
 */
import { parseArgs } from 'node:util';
import { checkCluster, isValidPath } from '../core/options.js';

export interface CliFlags {
  port: number;
  host: string;
  key: string;
  path: string;
  expire_timeout: number;
  alive_timeout: number;
  concurrent_limit: number;
  allow_discovery: boolean;
  proxied: boolean;
  cors: string[] | null;
  sslkey: string | null;
  sslcert: string | null;
  max_payload: number;
  max_queue: number;
  max_queued_bytes: number;
  max_buffered: number;
  max_frame_rate: number;
  max_byte_rate: number;
  flood_timeout: number;
  validate_ids: boolean;
  history: number;
  dashboard: boolean;
  admin_host: string;
  admin_port: number;
  redis: string | null;
}

export type ParsedCli = { kind: 'run'; flags: CliFlags } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

interface FlagSpec {
  short?: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** With `multiple`: one flag may take several values (`--cors a b`), as the reference's array flags. */
  variadic?: boolean;
  describe: string;
  default: string;
  /** Environment variable read when the flag is absent. */
  env?: string;
}

/** The flag table: parsing, --help and the README are all made from it. */
export const FLAGS: Record<keyof CliFlags, FlagSpec> = {
  port: { short: 'p', type: 'string', describe: 'Port to listen on', default: '9000', env: 'PORT' },
  host: { short: 'H', type: 'string', describe: 'Address to bind (:: = all interfaces, IPv4 and IPv6)', default: '::' },
  key: { short: 'k', type: 'string', describe: 'Connection key clients must present', default: 'peerjs' },
  path: { type: 'string', describe: 'Mount path of the HTTP routes and <path>/peerjs', default: '/', env: 'PEERSERVER_PATH' },
  expire_timeout: { short: 't', type: 'string', describe: 'ms a message waits for an absent peer before EXPIRE', default: '5000' },
  alive_timeout: { type: 'string', describe: 'ms of silence before a client is disconnected', default: '90000' },
  concurrent_limit: { short: 'c', type: 'string', describe: 'Most clients connected at once', default: '5000' },
  allow_discovery: { type: 'boolean', describe: 'Serve GET <path>/<key>/peers (list of connected ids)', default: 'false' },
  proxied: { type: 'boolean', describe: 'Behind a reverse proxy: trust X-Forwarded-For', default: 'false' },
  cors: { type: 'string', multiple: true, variadic: true, describe: 'Allowed origins, for HTTP (CORS) and WebSocket upgrades (one or more; repeatable)', default: 'any origin' },
  sslkey: { type: 'string', describe: 'Path to a PEM private key (serve https/wss)', default: 'none' },
  sslcert: { type: 'string', describe: 'Path to a PEM certificate (serve https/wss)', default: 'none' },
  max_payload: { type: 'string', describe: 'Largest frame in bytes; bigger ones close with 1009', default: String(256 * 1024) },
  max_queue: { type: 'string', describe: 'Messages queued per absent id (0 = no limit)', default: '100' },
  max_queued_bytes: { type: 'string', describe: 'Bytes queued for all absent ids (0 = no limit)', default: String(16 * 1024 * 1024) },
  max_buffered: { type: 'string', describe: 'Bytes waiting for one client before it is cut off as too slow', default: String(8 * 1024 * 1024) },
  max_frame_rate: { type: 'string', describe: 'Frames/s one client may send on average before it is slowed down (0 = no limit)', default: '5000' },
  max_byte_rate: { type: 'string', describe: 'Bytes/s one client may send on average before it is slowed down (0 = no limit)', default: String(4 * 1024 * 1024) },
  flood_timeout: { type: 'string', describe: 'ms a client may stay over its rate before it is closed with 1008 (0 = never)', default: '5000' },
  validate_ids: { type: 'boolean', describe: 'Check ids with the PeerJS client rule (--no-validate_ids: off)', default: 'true' },
  history: { type: 'string', describe: 'Recent events kept for the dashboard (0 = off)', default: '10000' },
  dashboard: { type: 'boolean', describe: 'Serve the dashboard and admin socket (--no-dashboard: off)', default: 'true' },
  admin_host: { type: 'string', describe: 'Address of the dashboard', default: '127.0.0.1' },
  admin_port: { type: 'string', describe: 'Port of the dashboard (0 = any free port)', default: '9001' },
  redis: { type: 'string', describe: 'Redis URL shared by several instances acting as one server', default: 'none' },
};

const INTEGER_FLAGS: ReadonlySet<keyof CliFlags> = new Set<keyof CliFlags>([
  'port',
  'expire_timeout',
  'alive_timeout',
  'concurrent_limit',
  'max_payload',
  'max_queue',
  'max_queued_bytes',
  'max_buffered',
  'max_frame_rate',
  'max_byte_rate',
  'flood_timeout',
  'history',
  'admin_port',
]);

const RANGES: Partial<Record<keyof CliFlags, [number, number]>> = {
  port: [0, 65535],
  admin_port: [0, 65535],
  expire_timeout: [1, 86_400_000],
  alive_timeout: [1, 604_800_000],
  concurrent_limit: [0, 10_000_000],
  max_payload: [64, 1024 * 1024 * 1024],
  max_queue: [0, 10_000_000],
  max_queued_bytes: [0, Number.MAX_SAFE_INTEGER],
  max_buffered: [1024, Number.MAX_SAFE_INTEGER],
  max_frame_rate: [0, 10_000_000],
  max_byte_rate: [0, Number.MAX_SAFE_INTEGER],
  flood_timeout: [0, 86_400_000],
  history: [0, 10_000_000],
};

/**
 * Spreads the values of variadic flags (`--cors a b`, the reference's form) into repeats (`--cors a --cors b`),
 * which parseArgs reads. A variadic flag's values run up to the next token starting with "-".
 */
export function spreadVariadic(argv: readonly string[]): string[] {
  const variadic = new Set(Object.entries(FLAGS).filter(([, spec]) => spec.variadic).map(([name]) => `--${name}`));
  const out: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('-')) {
      const name = arg.split('=', 1)[0] as string;
      current = variadic.has(name) ? name : null;
      out.push(arg);
      // `--cors a`: its first value follows as usual; `--cors=a`: it is already in.
      if (current !== null && !arg.includes('=') && i + 1 < argv.length && !(argv[i + 1] as string).startsWith('-')) {
        i += 1;
        out.push(argv[i] as string);
      }
      continue;
    }
    if (current !== null) out.push(current, arg);
    else out.push(arg);
  }
  return out;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = {}): ParsedCli {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  };
  for (const [name, spec] of Object.entries(FLAGS)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: spreadVariadic(argv), options, strict: true, allowPositionals: false, allowNegative: true }));
  } catch (err) {
    return { kind: 'error', message: (err as Error).message.split('\n')[0] ?? String(err) };
  }
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };

  const flags = {} as Record<keyof CliFlags, unknown>;
  for (const [name, spec] of Object.entries(FLAGS) as [keyof CliFlags, FlagSpec][]) {
    let raw = values[name];
    if (raw === undefined && spec.env && env[spec.env] !== undefined && env[spec.env] !== '') raw = env[spec.env];
    if (spec.multiple) {
      flags[name] = Array.isArray(raw) && raw.length > 0 ? raw.map(String) : null;
      continue;
    }
    if (spec.type === 'boolean') {
      flags[name] = raw === undefined ? spec.default === 'true' : raw === true;
      continue;
    }
    const text = raw === undefined ? (spec.default === 'none' ? null : spec.default) : String(raw);
    if (INTEGER_FLAGS.has(name)) {
      const n = text !== null && /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
      const [min, max] = RANGES[name] ?? [0, Number.MAX_SAFE_INTEGER];
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        return { kind: 'error', message: `--${name} must be a whole number from ${min} to ${max}, got "${text ?? ''}"` };
      }
      flags[name] = n;
    } else {
      if (text !== null && text.length === 0) return { kind: 'error', message: `--${name} needs a value` };
      flags[name] = text;
    }
  }
  const f = flags as unknown as CliFlags;
  if (f.redis !== null) {
    try {
      checkCluster({ redis: f.redis });
    } catch {
      return { kind: 'error', message: `--redis must be a redis:// or rediss:// URL, got "${f.redis}"` };
    }
  }
  if (!isValidPath(f.path)) return { kind: 'error', message: `--path may hold only letters, digits and . _ ~ - /, got "${f.path}"` };
  if ((f.sslkey === null) !== (f.sslcert === null)) {
    return { kind: 'error', message: '--sslkey and --sslcert go together: give both, or neither' };
  }
  return { kind: 'run', flags: f };
}

export function helpText(): string {
  const rows = Object.entries(FLAGS).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ' <value>' : ''}`;
    const env = spec.env ? ` [env ${spec.env}]` : '';
    return `  ${flag.padEnd(34)} ${spec.describe} (default: ${spec.default})${env}`;
  });
  return [
    'Usage: switchboard [options]',
    '',
    'A PeerJS-compatible WebRTC signaling server for the LAN, with a live dashboard.',
    '',
    'Options:',
    ...rows,
    `  ${'-h, --help'.padEnd(34)} Show this help`,
    `  ${'-v, --version'.padEnd(34)} Show the version`,
    '',
    'Boolean options take --no-<name> to turn them off.',
  ].join('\n');
}
