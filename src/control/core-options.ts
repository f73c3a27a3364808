/**
 * Settings (what the user edits) → core options (what the signaling server takes), and core start
 * errors → a sentence a user can act on.
 */
import { errorCode } from '../core/errors.js';
import type { SignalingOptions } from '../core/options.js';
import { SETTINGS_CORE_OPTION_NAMES } from '../shared/options.js';
import type { Settings } from '../shared/settings.js';

/** The settings that are core options, as they are (the catalogue says which). */
export function settingsToOptions(settings: Settings): Partial<SignalingOptions> {
  const out: Record<string, unknown> = {};
  for (const name of SETTINGS_CORE_OPTION_NAMES) out[name] = settings[name];
  // The one setting that maps to a core option of another shape: a Redis URL turns on the cluster mode.
  out.cluster = settings.redis ? { redis: settings.redis } : null;
  return out as Partial<SignalingOptions>;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The settings field a failed start is about (for the form), or null when it is about none in particular. */
export function startErrorField(err: unknown): 'port' | 'host' | null {
  switch (errorCode(err)) {
    case 'ERR_ADDRESS_IN_USE':
    case 'ERR_PERMISSION_DENIED':
      return 'port';
    case 'ERR_ADDRESS_NOT_AVAILABLE':
      return 'host';
    default:
      return null;
  }
}

/** A human message for a failed start (the core rejects with SignalingError codes). */
export function describeStartError(err: unknown, host: string, port: number): string {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (errorCode(err)) {
    case 'ERR_ADDRESS_IN_USE':
      return `Port ${port} is already in use (on ${host}). Close the other program or choose another port.`;
    case 'ERR_PERMISSION_DENIED':
      return `Permission denied to listen on ${where}. Ports below 1024 need administrator rights; choose a port above 1024.`;
    case 'ERR_ADDRESS_NOT_AVAILABLE':
      return `Bind address "${host}" is not an address of this computer. Use :: (every interface) or one of this computer's IP addresses.`;
    case 'ERR_INVALID_OPTION':
      return `Invalid server option: ${errorText(err)}`;
    case 'ERR_LISTEN':
      return `Could not listen on ${where}: ${errorText(err)}`;
    default:
      return `Could not start the server on ${where}: ${errorText(err)}`;
  }
}
