import type { Request } from 'express';

/** RFC 7240 `Prefer: respond-async`. */
export function prefersAsync(req: Request): boolean {
  return /(^|[,\s])respond-async(\s*[,;]|\s*$)/i.test(req.get('prefer') ?? '');
}
