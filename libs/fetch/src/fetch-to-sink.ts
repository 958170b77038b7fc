import { setMaxListeners } from 'events';
import { createAddressPolicy } from './address-policy';
import { FetchError, timeoutError } from './fetch-error';
import type { FetchResult } from './fetch-result';
import { resolveFetchOptions, SafeFetchOptions } from './fetch-options';
import { followRedirects } from './follow-redirects';
import { toFetchError } from './network-error';
import { parseImportUrl } from './parse-import-url';
import { createSafeLookup } from './safe-lookup';
import { SinkFailure } from './sink-writer';

const destroySink = (sink: NodeJS.WritableStream): void => {
  const destroy = (sink as Partial<NodeJS.WritableStream & { destroy(): void }>).destroy;
  if (typeof destroy === 'function') destroy.call(sink);
};

/**
 * Downloads `url` into `sink`, refusing internal addresses at connect time on every hop.
 * Rejects with a FetchError and destroys the sink on failure; an error raised by the sink
 * itself (e.g. disk full) is not the URL's fault and is rethrown as is.
 */
export async function fetchToSink(url: string, sink: NodeJS.WritableStream, opts: SafeFetchOptions): Promise<FetchResult> {
  const parsed = parseImportUrl(url);
  if (!parsed.ok) {
    destroySink(sink);
    throw new FetchError('invalid_url', parsed.message);
  }
  const options = resolveFetchOptions(opts);
  const isAllowed = createAddressPolicy(options.allowedCidrs);

  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per hop plus the body pipeline
  const abort = (reason: unknown): void => controller.abort(reason);
  const deadline = setTimeout(() => abort(timeoutError()), options.timeoutMs);
  const onSinkError = (err: unknown): void => abort(new SinkFailure(err));
  sink.on('error', onSinkError); // e.g. the file cannot be opened: stop fetching at once

  try {
    const result = await followRedirects(parsed.url, sink, options, {
      isAllowed,
      lookup: createSafeLookup(isAllowed, options.lookup),
      userAgent: options.userAgent,
      connectTimeoutMs: options.connectTimeoutMs,
      signal: controller.signal,
      abort,
    });
    sink.removeListener('error', onSinkError);
    return result;
  } catch (err) {
    // onSinkError stays attached: a late error from the destroyed sink must not go unhandled.
    destroySink(sink);
    const { aborted, reason } = controller.signal;
    if (reason instanceof SinkFailure) throw reason.original;
    if (err instanceof FetchError) throw err;
    if (aborted) throw reason; // the deadline or connect timeout: our own timeoutError()
    throw toFetchError(err, parsed.url.hostname);
  } finally {
    clearTimeout(deadline);
  }
}
