/** What a conditional request is compared against: the representation's validators. */
export interface Validators {
  /** A strong entity tag, quoted: `"abc"`. */
  etag: string;
  lastModified: Date;
}

export interface ConditionalHeaders {
  'if-none-match'?: string;
  'if-modified-since'?: string;
  'if-range'?: string;
}

interface EntityTag {
  weak: boolean;
  opaque: string;
}

const ENTITY_TAG = /(W\/)?("[^"]*")/g;
/** IMF-fixdate, RFC 850 and asctime dates all start with the day name (RFC 9110 §5.6.7). */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/**
 * RFC 9110 §13.1.2/§13.1.3 for GET and HEAD: true when the client's copy is current and the answer is 304.
 * If-None-Match uses the weak comparison and `*` matches any current representation; when it is sent,
 * If-Modified-Since is ignored.
 */
export function isNotModified(headers: ConditionalHeaders, validators: Validators): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    // What a cache sends back as is, answered without parsing (a revalidation's whole cost counts).
    if (ifNoneMatch === validators.etag) return true;
    if (ifNoneMatch.trim() === '*') return true;
    const current = parseEntityTag(validators.etag);
    return parseEntityTags(ifNoneMatch).some((tag) => tag.opaque === current.opaque);
  }
  const since = parseHttpDate(headers['if-modified-since']);
  return since !== undefined && wholeSeconds(validators.lastModified) <= since;
}

/**
 * RFC 9110 §13.1.5: whether a Range request may be answered with a part (true) or must get the whole
 * representation (false) because the client's copy is stale. An entity tag needs a strong match; a date
 * must equal Last-Modified exactly. Without If-Range the range always applies.
 */
export function rangeStillApplies(headers: ConditionalHeaders, validators: Validators): boolean {
  const ifRange = headers['if-range']?.trim();
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) {
    const [tag, ...rest] = parseEntityTags(ifRange);
    const current = parseEntityTag(validators.etag);
    return rest.length === 0 && tag !== undefined && !tag.weak && !current.weak && tag.opaque === current.opaque;
  }
  const date = parseHttpDate(ifRange);
  return date !== undefined && date === wholeSeconds(validators.lastModified);
}

const formattedDates = new Map<number, string>();
const FORMATTED_DATES_KEPT = 1000;

/** Last-Modified as an HTTP-date (whole seconds, GMT); the last thousand are kept formatted. */
export function httpDate(date: Date): string {
  const seconds = wholeSeconds(date);
  let formatted = formattedDates.get(seconds);
  if (formatted === undefined) {
    if (formattedDates.size >= FORMATTED_DATES_KEPT) formattedDates.clear();
    formatted = new Date(seconds * 1000).toUTCString();
    formattedDates.set(seconds, formatted);
  }
  return formatted;
}

function parseEntityTags(list: string): EntityTag[] {
  return Array.from(list.matchAll(ENTITY_TAG), (match) => ({ weak: match[1] !== undefined, opaque: match[2] }));
}

function parseEntityTag(tag: string): EntityTag {
  return parseEntityTags(tag)[0] ?? { weak: false, opaque: tag };
}

/** Seconds since the epoch, or undefined when the value is not a date. */
function parseHttpDate(value: string | undefined): number | undefined {
  if (!value || !HTTP_DATE.test(value.trim())) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

function wholeSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
