import { createHash, timingSafeEqual } from 'crypto';

/**
 * Whether a request may read `/metrics`: anyone while METRICS_TOKEN is unset, otherwise only
 * `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time).
 */
export function mayScrapeMetrics(authorization: string | undefined, metricsToken: string | undefined): boolean {
  if (!metricsToken) return true;
  const [scheme, given = ''] = (authorization ?? '').trim().split(/\s+/, 2);
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return /^bearer$/i.test(scheme) && timingSafeEqual(digest(given), digest(metricsToken));
}
