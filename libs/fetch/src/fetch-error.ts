export type FetchFailureKind =
  | 'timeout'
  | 'http_status'
  | 'network'
  | 'blocked'
  | 'too_many_redirects'
  | 'too_large'
  | 'invalid_url';

/**
 * A failed import fetch. `message` is safe to show to the end user: it never contains an
 * address we resolved, only what the user gave us (host names, status codes, sizes).
 */
export class FetchError extends Error {
  readonly kind: FetchFailureKind;
  readonly status?: number;
  /** True when one retry may succeed (connection reset/refused, temporary DNS failure). */
  readonly transient: boolean;

  constructor(kind: FetchFailureKind, message: string, status?: number, transient = false) {
    super(message);
    this.name = 'FetchError';
    this.kind = kind;
    if (status !== undefined) this.status = status;
    this.transient = transient;
  }
}

export const timeoutError = (): FetchError => new FetchError('timeout', 'URL fetch timeout');

export const blockedError = (): FetchError => new FetchError('blocked', 'URL resolves to a disallowed address');
