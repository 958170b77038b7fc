import { FetchError } from './fetch-error';
import { parseImportUrl } from './parse-import-url';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const isRedirect = (status: number, location: string | undefined): location is string =>
  REDIRECT_STATUSES.has(status) && typeof location === 'string' && location !== '';

/** Resolves a Location header against the current URL; the target must be a valid import URL too. */
export function redirectTarget(location: string, current: URL): URL {
  let target: string;
  try {
    target = new URL(location, current).href;
  } catch {
    throw new FetchError('invalid_url', 'Redirect to an invalid URL');
  }
  const parsed = parseImportUrl(target);
  if (!parsed.ok) throw new FetchError('invalid_url', `Redirect to an invalid URL: ${parsed.message}`);
  return parsed.url;
}
