import type * as dns from 'dns';

export interface SafeFetchOptions {
  /** One limit for the whole fetch: DNS + connect + headers + redirects + body. Callers use 30000. */
  timeoutMs: number;
  /** DNS + TCP (+ TLS) connect of each hop. Default min(10000, timeoutMs). */
  connectTimeoutMs?: number;
  /** Enforced on Content-Length up front and on the (decompressed) stream. */
  maxBytes: number;
  /** Default 5: a chain of 5 redirects succeeds, a 6th is refused. */
  maxRedirects?: number;
  /** Ranges that override the block list, e.g. ['127.0.0.0/8'] in tests. Default []. */
  allowedCidrs?: string[];
  userAgent?: string;
  /** Injectable resolver for tests. */
  lookup?: typeof dns.lookup;
}

export type ResolvedFetchOptions = Required<Omit<SafeFetchOptions, 'lookup'>> & Pick<SafeFetchOptions, 'lookup'>;

export const DEFAULT_USER_AGENT = 'imgpro-importer/1.0 (+https://img.pro)';
export const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const requirePositive = (name: string, value: number): void => {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number`);
};

export function resolveFetchOptions(opts: SafeFetchOptions): ResolvedFetchOptions {
  requirePositive('timeoutMs', opts.timeoutMs);
  requirePositive('maxBytes', opts.maxBytes);
  if (opts.connectTimeoutMs !== undefined) requirePositive('connectTimeoutMs', opts.connectTimeoutMs);
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) throw new TypeError('maxRedirects must be a non-negative integer');
  return {
    timeoutMs: opts.timeoutMs,
    connectTimeoutMs: Math.min(opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, opts.timeoutMs),
    maxBytes: opts.maxBytes,
    maxRedirects,
    allowedCidrs: opts.allowedCidrs ?? [],
    userAgent: opts.userAgent ?? DEFAULT_USER_AGENT,
    lookup: opts.lookup,
  };
}
