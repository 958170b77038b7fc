import type { IncomingMessage } from 'http';
import { FetchError } from './fetch-error';
import type { FetchResult } from './fetch-result';
import type { ResolvedFetchOptions } from './fetch-options';
import { toFetchError } from './network-error';
import { isRedirect, redirectTarget } from './redirect';
import { HopContext, requestHop } from './request-hop';
import { streamBody } from './stream-body';

const discard = (res: IncomingMessage): void => {
  res.destroy();
};

/** GETs `startUrl`, following up to maxRedirects redirects by hand, and streams the final 2xx body into `sink`. */
export async function followRedirects(
  startUrl: URL,
  sink: NodeJS.WritableStream,
  options: ResolvedFetchOptions,
  ctx: HopContext,
): Promise<FetchResult> {
  let url = startUrl;
  // Errors after an abort are left as they are: fetchToSink reports the abort reason instead.
  const hopError = (err: unknown): unknown =>
    err instanceof FetchError || ctx.signal.aborted ? err : toFetchError(err, url.hostname);

  for (let redirects = 0; ; redirects++) {
    const res = await requestHop(url, ctx).catch((err: unknown) => {
      throw hopError(err);
    });
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (isRedirect(status, location)) {
      discard(res);
      if (redirects >= options.maxRedirects) {
        throw new FetchError('too_many_redirects', `Too many redirects (max ${options.maxRedirects})`);
      }
      url = redirectTarget(location, url);
      continue;
    }
    if (status < 200 || status > 299) {
      discard(res);
      throw new FetchError('http_status', `URL returned ${status}`, status);
    }
    try {
      const bytes = await streamBody(res, sink, options.maxBytes, ctx.signal);
      return { finalUrl: url.href, status, contentType: res.headers['content-type'] ?? null, bytes };
    } catch (err) {
      discard(res);
      throw hopError(err);
    }
  }
}
