import { timingSafeEqual, createHash } from 'crypto';
import type { NextFunction, Request, Response } from 'express';
import { notFound, unauthorized } from '@app/errors';

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `Authorization: Bearer <ADMIN_TOKEN>` and nothing else (the admin API's only form). */
export function hasAdminBearer(authorization: string | undefined, adminToken: string): boolean {
  const [scheme, value = ''] = (authorization ?? '').trim().split(/\s+/, 2);
  return /^bearer$/i.test(scheme) && sameSecret(value, adminToken);
}

/** The admin API: `Bearer <ADMIN_TOKEN>` or 401; without ADMIN_TOKEN it does not exist (404, like any unknown route). */
export function requireOperator(authorization: string | undefined, adminToken: string | undefined): void {
  if (!adminToken) throw notFound('Not found');
  if (!hasAdminBearer(authorization, adminToken)) throw unauthorized();
}

/** ADMIN_TOKEN as `Authorization: Bearer <token>` or as the password of HTTP basic auth (any user). */
export function isAdminRequest(authorization: string | undefined, adminToken: string): boolean {
  if (!authorization) return false;
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return hasAdminBearer(authorization, adminToken);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    return decoded.includes(':') && sameSecret(password, adminToken);
  }
  return false;
}

export function adminAuthMiddleware(adminToken: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isAdminRequest(req.headers.authorization, adminToken)) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="imgpro admin"');
    res.status(401).json({ error: 'unauthorized', message: 'Invalid or missing API key' });
  };
}
