import { setMaxListeners } from 'events';
import type * as dns from 'dns';
import type { IncomingMessage } from 'http';
import { createAddressPolicy } from './address-policy';
import { FetchError, timeoutError } from './fetch-error';
import { toFetchError } from './network-error';
import { parseImportUrl } from './parse-import-url';
import { requestHop } from './request-hop';
import { createSafeLookup } from './safe-lookup';

export interface PostOnceOptions {
  /** One limit for the whole exchange: DNS, connect, request, answer and the part of its body read. */
  timeoutMs: number;
  /** At most this much of the answer's body is read (then the connection is dropped). */
  maxResponseBytes: number;
  allowedCidrs?: string[];
  userAgent: string;
  /** Injectable resolver for tests. */
  lookup?: typeof dns.lookup;
}

export interface PostAnswer {
  status: number;
  /** Response body bytes read (at most maxResponseBytes). */
  bytesRead: number;
}

/**
 * Reads at most `max` bytes of the body, then drops the connection: a receiver cannot make us read more. The
 * status has arrived already, so a body still coming at the deadline is simply cut off there.
 */
function readSome(res: IncomingMessage, max: number, signal: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    let bytes = 0;
    const done = (): void => {
      signal.removeEventListener('abort', done);
      res.destroy();
      resolve(Math.min(bytes, max));
    };
    if (signal.aborted) return done();
    signal.addEventListener('abort', done, { once: true });
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes >= max) done();
    });
    res.once('end', done);
    res.once('error', done);
  });
}

/**
 * One POST to `url` under the importer's address rules (checked at connect time), never following a
 * redirect: resolves with whatever status the receiver answered, or rejects with a FetchError (timeout,
 * refused address, network).
 */
export async function postOnce(url: string, body: Buffer, headers: Record<string, string>, opts: PostOnceOptions): Promise<PostAnswer> {
  const parsed = parseImportUrl(url);
  if (!parsed.ok) throw new FetchError('invalid_url', parsed.message);
  const isAllowed = createAddressPolicy(opts.allowedCidrs ?? []);
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const abort = (reason: unknown): void => controller.abort(reason);
  const deadline = setTimeout(() => abort(timeoutError()), opts.timeoutMs);
  try {
    const res = await requestHop(
      parsed.url,
      { isAllowed, lookup: createSafeLookup(isAllowed, opts.lookup), userAgent: opts.userAgent, connectTimeoutMs: opts.timeoutMs, signal: controller.signal, abort },
      { method: 'POST', headers, body },
    );
    const bytesRead = await readSome(res, opts.maxResponseBytes, controller.signal);
    return { status: res.statusCode ?? 0, bytesRead };
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (controller.signal.aborted) throw controller.signal.reason;
    throw toFetchError(err, parsed.url.hostname);
  } finally {
    clearTimeout(deadline);
  }
}
