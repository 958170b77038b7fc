import { FetchError, timeoutError } from './fetch-error';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;

const network = (message: string, transient = false) => new FetchError('network', message, undefined, transient);

/**
 * Maps a Node error to a user-safe FetchError. Node's own messages are never reused
 * because they contain the address we connected to ("connect ECONNREFUSED 10.1.2.3:80").
 */
export function toFetchError(err: unknown, hostname: string): FetchError {
  if (err instanceof FetchError) return err;
  const code = String((err as NodeJS.ErrnoException | null)?.code ?? '');
  if (DNS_CODES.has(code)) return network(`Could not resolve host ${hostname}`, code === 'EAI_AGAIN');
  if (code === 'ECONNREFUSED') return network('Connection refused', true);
  if (RESET_CODES.has(code)) return network('Connection reset', true);
  if (code === 'ETIMEDOUT') return timeoutError();
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return network('Host unreachable');
  if (TLS_CODE.test(code)) return network('TLS handshake failed');
  if (code.startsWith('HPE_')) return network('Invalid HTTP response');
  // zlib errors are Z_*, brotli decoder errors ERR__ERROR_*.
  if (code.startsWith('Z_') || code.startsWith('ERR__ERROR')) return network('Invalid compressed response');
  return network('Network error');
}
