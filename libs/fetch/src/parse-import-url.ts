export const MAX_URL_LENGTH = 2048;

export type ParsedImportUrl = { ok: true; url: URL } | { ok: false; message: string };

const INVALID = 'Must be a valid http or https URL';

/** Syntax only: whether the host is allowed is decided at connect time by fetchToSink. */
export function parseImportUrl(raw: unknown): ParsedImportUrl {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, message: INVALID };
  const tooLong = { ok: false, message: `Must be at most ${MAX_URL_LENGTH} characters` } as const;
  if (raw.length > MAX_URL_LENGTH) return tooLong;

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: INVALID };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return { ok: false, message: INVALID };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'Must not contain credentials' };
  // Percent-encoding can make the normalised URL longer than what was typed.
  if (url.href.length > MAX_URL_LENGTH) return tooLong;
  return { ok: true, url };
}
