import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccountMailer, DashboardSessions, escapeHtml, isValidEmail, normaliseEmail, SIGN_IN_CONFIRM_PATH } from '@app/accounts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CurrentSession } from '../auth/auth.guard';
import { Public, SignedIn, SignInForm } from '../auth/route-access';
import { signedLinkFields } from '../pages/html-page';
import { seeOther } from '../pages/see-other';
import { RateLimit } from '../rate-limit/rate-limit.guard';
import { DashboardErrorPages } from './dashboard-error-pages';
import { sendDashboardPage } from './dashboard-page';
import type { DashboardSession } from './dashboard-session';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

export const SIGN_IN_SENT = 'If that address can receive mail, a sign-in link is on its way.';

/** Where sign-out leads (303): the signed-out `/keys`, saying so. */
export const SIGNED_OUT = { path: '/keys', done: 'signed-out', notice: 'You are signed out.' } as const;

/** The signed-out page of every dashboard address: one email field. */
export function signInForm(notice = ''): string {
  return (
    '<h1>Sign in</h1><p>We send a sign-in link to your email: no password. The first sign-in creates your account.</p>' +
    notice +
    '<form method="post" action="/sign-in"><label for="email">Email</label>' +
    '<input id="email" name="email" type="email" autocomplete="email" required maxlength="254"> ' +
    '<p><button type="submit">Send me a sign-in link</button></p></form>'
  );
}

const LINK_NOT_VALID =
  '<h1>This sign-in link is not valid</h1><p>It may have expired (sign-in links last 15 minutes), been used already, or been altered. ' +
  '<a href="/keys">Ask for a new one</a>.</p>';

/**
 * Sign-in by mail. `POST /sign-in` answers one sentence whatever the address (no account oracle) and is
 * limited like key creation; the mailed link's page signs in only on POST (a mail scanner opening it signs
 * nobody in), once.
 */
@ApiExcludeController()
@UseFilters(DashboardErrorPages)
@Controller()
export class SignInController {
  constructor(
    private readonly mailer: AccountMailer,
    private readonly sessions: DashboardSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('sign-in')
  @HttpCode(200)
  @SignInForm()
  @RateLimit('key-creation')
  async requestLink(@Body() body: Record<string, unknown> | undefined, @Res() res: Response): Promise<void> {
    const email = typeof body?.email === 'string' ? normaliseEmail(body.email) : '';
    if (!isValidEmail(email)) {
      return sendDashboardPage(res, 422, { title: 'Sign in', bodyHtml: signInForm('<p class="error">Enter a valid email address.</p>') });
    }
    await this.mailer.sendSignIn(email);
    sendDashboardPage(res, 200, { title: 'Check your inbox', bodyHtml: `<h1>Check your inbox</h1><p class="notice">${escapeHtml(SIGN_IN_SENT)}</p>` });
  }

  @Get(SIGN_IN_CONFIRM_PATH.slice(1))
  @Public()
  confirmPage(@Query() query: Record<string, unknown>, @Res() res: Response): void {
    if (!this.sessions.linkIsValid(query)) return sendDashboardPage(res, 403, { title: 'Link not valid', bodyHtml: LINK_NOT_VALID });
    sendDashboardPage(res, 200, {
      title: 'Sign in',
      bodyHtml:
        '<h1>Sign in to imgpro</h1><p>Press the button to sign in on this device.</p>' +
        `<form method="post" action="${SIGN_IN_CONFIRM_PATH}">${signedLinkFields(query, escapeHtml)}<button type="submit">Sign in</button></form>`,
    });
  }

  /** The signed link is this form's credential (there is no session yet). */
  @Post(SIGN_IN_CONFIRM_PATH.slice(1))
  @SignInForm()
  async confirm(@Body() body: Record<string, unknown> | undefined, @Res() res: Response): Promise<void> {
    const outcome = await this.sessions.confirm(body ?? {});
    if (outcome.kind !== 'signed-in') return sendDashboardPage(res, 403, { title: 'Link not valid', bodyHtml: LINK_NOT_VALID });
    setSessionCookie(res, outcome.sessionId, this.config.webBaseUrl);
    res.redirect(303, '/keys');
  }

  @Post('sign-out')
  @SignedIn()
  async signOut(@CurrentSession() session: DashboardSession, @Res() res: Response): Promise<void> {
    await this.sessions.signOut(session.id);
    clearSessionCookie(res, this.config.webBaseUrl);
    seeOther(res, SIGNED_OUT.path, { done: SIGNED_OUT.done });
  }
}
