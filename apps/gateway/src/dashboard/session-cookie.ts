import type { Request, Response } from 'express';
import { SESSION_LIFETIME_SECONDS } from '@app/accounts';

export const SESSION_COOKIE = 'imgpro_session';

/** The session id the browser sent, if any (the first cookie of that name). */
export function sessionIdOf(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/** HttpOnly, SameSite=Lax, Secure when the dashboard is served over https; 7 days. */
export function setSessionCookie(res: Response, sessionId: string, webBaseUrl: string): void {
  res.append('Set-Cookie', cookie(sessionId, SESSION_LIFETIME_SECONDS, webBaseUrl));
}

export function clearSessionCookie(res: Response, webBaseUrl: string): void {
  res.append('Set-Cookie', cookie('', 0, webBaseUrl));
}

function cookie(value: string, maxAgeSeconds: number, webBaseUrl: string): string {
  const secure = webBaseUrl.startsWith('https:') ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}
