import { ERROR_STATUS, type ErrorCode } from '../protocol/index.js';

export type ConfabErrorCode =
  | ErrorCode
  | 'network'
  | 'timeout'
  | 'bad_response'
  | 'aborted'
  /** The host site's signed token (the `sso` attribute) was refused: expired, forged, … */
  | 'sso_refused';

export interface ConfabErrorOptions {
  status?: number;
  fields?: Record<string, string>;
  retryAfter?: number | null;
  cause?: unknown;
}

/** Every failure of the api client: a protocol error from the server, or one of the client's own. */
export class ConfabError extends Error {
  readonly code: ConfabErrorCode;
  /** HTTP status, 0 when no answer arrived. */
  readonly status: number;
  /** From the error body's `fields`, {} if none. */
  readonly fields: Record<string, string>;
  /** Seconds, from Retry-After on 429/503. */
  readonly retryAfter: number | null;

  constructor(code: ConfabErrorCode, message: string, options: ConfabErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'ConfabError';
    this.code = code;
    this.status = options.status ?? 0;
    this.fields = options.fields ?? {};
    this.retryAfter = options.retryAfter ?? null;
  }
}

/** The protocol code for an answer without a usable error body (a proxy's HTML page, say). */
export function codeForStatus(status: number): ErrorCode {
  for (const code in ERROR_STATUS) {
    if (ERROR_STATUS[code as ErrorCode] === status) return code as ErrorCode;
  }
  if (status === 502 || status === 504) return 'unavailable';
  return status >= 500 ? 'internal' : 'invalid_request';
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}
