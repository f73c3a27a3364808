/**
 * Settings of the hosted server as the user edits them (desktop settings file, dashboard form,
 * headless CLI). One zod schema validates all three, so the renderer shows the same errors the
 * main process enforces.
 */
import { z } from 'zod';

/** A whole number in [min, max], every failure in plain words (never zod's "expected int, received number"). */
function wholeNumber(min: number, max: number, tooSmall: string, tooBig: string) {
  const plain = 'A whole number is required';
  return z.number({ error: plain }).int({ error: plain }).min(min, tooSmall).max(max, tooBig);
}

/** Ports below this need administrator rights on Linux and macOS (a warning in the form, not an error). */
export const PRIVILEGED_PORT_BELOW = 1024;

/** Empty (one instance), or the redis:// / rediss:// URL of the Redis shared by several instances. */
function isRedisSetting(value: string): boolean {
  if (value === '') return true;
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const settingsSchema = z
  .object({
    port: wholeNumber(1, 65535, 'Port must be 1–65535', 'Port must be 1–65535'),
    host: z.string({ error: 'Bind address is required' }).trim().min(1, 'Bind address is required').max(255, 'At most 255 characters'),
    // Like the CLI's --key (and the reference server): any non-empty string.
    key: z.string({ error: 'Key is required' }).min(1, 'Key is required'),
    // Only URL-safe characters: Express reads * ? ( ) { } : … in a mount path as route syntax (and fails
    // to start), and a space or % would never equal the WebSocket's request path.
    path: z
      .string()
      .startsWith('/', 'Path must start with "/"')
      .regex(/^[A-Za-z0-9._~/-]*$/, 'Path: letters, digits and . _ ~ - / only')
      .max(200),
    allow_discovery: z.boolean(),
    proxied: z.boolean(),
    expire_timeout: wholeNumber(100, 3_600_000, 'At least 100 ms', 'At most 1 hour'),
    alive_timeout: wholeNumber(1000, 86_400_000, 'At least 1000 ms', 'At most 1 day'),
    concurrent_limit: wholeNumber(1, 1_000_000, 'At least 1', 'At most 1,000,000'),
    max_payload: wholeNumber(1024, 100 * 1024 * 1024, 'At least 1024 bytes', 'At most 100 MiB'),
    max_queue: wholeNumber(0, 100_000, 'At least 0', 'At most 100,000'),
    validate_ids: z.boolean(),
    start_on_launch: z.boolean(),
    start_at_login: z.boolean(),
    redis: z.string().trim().max(500).refine(isRedisSetting, 'A redis:// or rediss:// URL, or empty for a single instance'),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;

/** Defaults: the reference server's, except our hardening limits. `::` = every interface, IPv4 and IPv6 (as the CLI). */
export const DEFAULT_SETTINGS: Settings = {
  port: 9000,
  host: '::',
  key: 'peerjs',
  path: '/',
  allow_discovery: false,
  proxied: false,
  expire_timeout: 5000,
  alive_timeout: 90_000,
  concurrent_limit: 5000,
  max_payload: 256 * 1024,
  max_queue: 100,
  validate_ids: true,
  start_on_launch: true,
  start_at_login: false,
  redis: '',
};

/** One problem with one field, for inline errors in a form. */
export interface FieldIssue {
  field: string;
  message: string;
}

export type SettingsValidation = { ok: true; settings: Settings } | { ok: false; issues: FieldIssue[] };

/** Validates a complete settings object (unknown input: a file, IPC, a form). */
export function validateSettings(input: unknown): SettingsValidation {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(settings)',
      message: issue.message,
    })),
  };
}
