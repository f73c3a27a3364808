/** Errors thrown by the core carry a stable `code`, like Node's own (`err.code === 'ERR_...'`). */
export type SignalingErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_SERVER_RUNNING'
  | 'ERR_SERVER_NOT_RUNNING'
  | 'ERR_ADDRESS_IN_USE'
  | 'ERR_ADDRESS_NOT_AVAILABLE'
  | 'ERR_PERMISSION_DENIED'
  | 'ERR_LISTEN';

export class SignalingError extends Error {
  readonly code: SignalingErrorCode;
  constructor(code: SignalingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SignalingError';
    this.code = code;
  }
}

/** The `code` of an error (Node's `err.code`, a SignalingError's), or null. Branch on this, never on message text. */
export function errorCode(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
}
