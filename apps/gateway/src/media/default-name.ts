const MAX_NAME_LENGTH = 255;

/**
 * A media's name when the caller gives none: the last path segment of an uploaded filename or an
 * imported URL, without control characters (PostgreSQL text refuses U+0000); undefined when nothing
 * is left, so the worker names it `{id}.{ext}`.
 */
export function defaultMediaName(filename: string | undefined): string | undefined {
  const base = filename?.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base ? base.slice(0, MAX_NAME_LENGTH) : undefined;
}

/** The URL's last path segment, percent-decoded where it can be. */
export function defaultNameForUrl(url: URL): string | undefined {
  const last = url.pathname.split('/').pop() ?? '';
  try {
    return defaultMediaName(decodeURIComponent(last));
  } catch {
    return defaultMediaName(last);
  }
}
