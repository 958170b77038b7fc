export const REDACTED = '[redacted]';

/** Paths whose query is a signed link's token, expiry and signature (SPEC §1): anyone holding it acts as its owner. */
const SIGNED_LINK_PATHS = [/^\/verify$/, /^\/upgrade\/[^/]+$/, /^\/keys\/approve$/, /^\/sign-in\/confirm$/];

/** Headers that carry a credential or a replayable request handle, censored by pino's redaction. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
];

/** The URL as logged: a signed link's query becomes `[redacted]` (routes match case-insensitively and with a trailing slash, so must this). */
export function redactedRequestUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const path = url.slice(0, query);
  const routed = path.toLowerCase().replace(/\/+$/, '');
  return SIGNED_LINK_PATHS.some((pattern) => pattern.test(routed)) ? `${path}?${REDACTED}` : url;
}

interface SerializedRequest {
  url?: string;
  query?: unknown;
  [field: string]: unknown;
}

/** pino-http's request serializer step: the standard fields, with a signed link's query (in `url` and `query`) left out. */
export function redactRequest(req: SerializedRequest): SerializedRequest {
  if (typeof req.url !== 'string') return req;
  const url = redactedRequestUrl(req.url);
  if (url === req.url) return req;
  req.url = url;
  if (req.query !== undefined) req.query = REDACTED;
  return req;
}

interface SerializedResponse {
  headers?: Record<string, unknown>;
  [field: string]: unknown;
}

/** pino-http's response serializer step: a form's 303 back to a signed link's page (Post/Redirect/Get) names the link in `Location`. */
export function redactResponse(res: SerializedResponse): SerializedResponse {
  const location = res.headers?.location;
  if (typeof location === 'string') res.headers = { ...res.headers, location: redactedRequestUrl(location) };
  return res;
}
