import { createHash } from 'crypto';

export interface FingerprintedRequest {
  method: string;
  path: string;
  /** The request's fields as sent (multipart fields, or the JSON body). */
  fields: unknown;
  /** For uploads: the file part's name and the sha256 of its bytes, computed while they streamed. */
  file?: { filename: string | undefined; sha256: string } | null;
}

/** What makes two requests "the same request" for an Idempotency-Key: sha256 of a canonical form. */
export function requestFingerprint(request: FingerprintedRequest): string {
  const canonical = JSON.stringify([request.method.toUpperCase(), request.path, canonicalJson(request.fields), request.file ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Objects with their keys sorted, so the order a client sent them in does not matter. */
function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonicalJson((value as Record<string, unknown>)[key])]),
  );
}
