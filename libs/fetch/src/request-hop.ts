import * as http from 'http';
import * as https from 'https';
import { isIP, LookupFunction } from 'net';
import type { AddressPolicy } from './address-policy';
import { ACCEPT_ENCODING } from './decode-body';
import { blockedError, FetchError, timeoutError } from './fetch-error';

export interface HopContext {
  isAllowed: AddressPolicy;
  lookup: LookupFunction;
  userAgent: string;
  connectTimeoutMs: number;
  signal: AbortSignal;
  abort: (reason: FetchError) => void;
}

const unbracket = (hostname: string): string =>
  hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;

const noop = (): void => undefined;

/** A request other than the importer's GET: its method, its own headers (besides User-Agent) and body. */
export interface HopRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * One request (a GET unless `send` says otherwise), no redirect handling. Resolves with the response
 * headers received; the body is left unread. Only the fixed headers below (or those of `send`) are sent:
 * no cookies, no Authorization.
 */
export function requestHop(url: URL, ctx: HopContext, send?: HopRequest): Promise<http.IncomingMessage> {
  const hostname = unbracket(url.hostname);
  // Node connects to IP literals without calling `lookup`, so they are checked here.
  if (isIP(hostname) !== 0 && !ctx.isAllowed(hostname)) return Promise.reject(blockedError());

  const isHttps = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request({
      protocol: url.protocol,
      hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: send?.method ?? 'GET',
      headers: send
        ? { ...send.headers, 'User-Agent': ctx.userAgent, 'Content-Length': String(send.body.length) }
        : { 'User-Agent': ctx.userAgent, Accept: 'image/*,*/*;q=0.8', 'Accept-Encoding': ACCEPT_ENCODING },
      agent: false, // a fresh socket per hop, so every hop goes through our lookup
      lookup: ctx.lookup,
      signal: ctx.signal,
    });
    const connectTimer = setTimeout(() => ctx.abort(timeoutError()), ctx.connectTimeoutMs);
    const connected = (): void => clearTimeout(connectTimer);
    req.once('socket', (socket) => socket.once(isHttps ? 'secureConnect' : 'connect', connected));
    req.once('close', connected);
    req.once('response', (res) => {
      connected();
      // Body errors surface through the pipeline (or are irrelevant once the response is discarded).
      res.on('error', noop);
      resolve(res);
    });
    req.on('error', (err) => {
      connected();
      reject(err);
    });
    req.end(send?.body);
  });
}
