import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { KeysService, KeyTakeBack, parseOperatorKeyRequest } from '@app/accounts';
import { AgentPolicy, KeysRepository } from '@app/db';
import { notFound, validationError } from '@app/errors';
import { CurrentSession } from '../auth/auth.guard';
import { SignedIn } from '../auth/route-access';
import { clientIp } from '../rate-limit/rate-limit.guard';
import { doneNotice, seeOther } from '../pages/see-other';
import { DashboardErrorPages } from './dashboard-error-pages';
import { sendDashboardPage } from './dashboard-page';
import type { DashboardSession } from './dashboard-session';
import { COPY_SCRIPT, keysPageHtml, KeysView } from './keys-page';
import { signInForm, SIGNED_OUT } from './sign-in.controller';

/** What an action did, shown by the page its form's 303 leads to (`/keys?done=…`). */
const DONE = {
  approved: 'Key approved: it works from now on.',
  already_approved: 'That key was approved already.',
  refused: 'Not approved: unverified accounts can have 3 active keys.',
  denied: 'Key denied: it was removed and never worked.',
  revoked: 'Key revoked: it answers 401 from now on.',
  kept: 'Key kept: it stays as it is.',
  'policy-open': 'Agent policy is now open.',
  'policy-closed': 'Agent policy is now closed.',
} as const;

const done = (res: Response, code: keyof typeof DONE) => seeOther(res, '/keys', { done: code });

/**
 * `/keys`, where `registration_closed` and the top plan's `quota_exceeded` send people: signed out, the
 * sign-in form; signed in, the account's keys. Every action is a POST form with the session's CSRF token
 * (checked by the request pipeline), on keys of the signed-in account only, answered 303 to `/keys` saying
 * what was done (a reload shows the page again, it does not repeat the action). Creating a key is the
 * exception: its secret is shown only in that answer, never put in an address or kept to show later.
 */
@ApiExcludeController()
@UseFilters(DashboardErrorPages)
@SignedIn()
@Controller('keys')
export class KeysPageController {
  constructor(
    private readonly keys: KeysService,
    private readonly keyRows: KeysRepository,
    private readonly takeBack: KeyTakeBack,
  ) {}

  @Get()
  async show(@CurrentSession() session: DashboardSession | undefined, @Query('done') code: unknown, @Res() res: Response): Promise<void> {
    if (!session) {
      const signedOut = code === SIGNED_OUT.done ? `<p class="notice">${SIGNED_OUT.notice}</p>` : '';
      return sendDashboardPage(res, 200, { title: 'Sign in', bodyHtml: signInForm(signedOut) });
    }
    await this.render(res, session, { notice: doneNotice(DONE, code) });
  }

  @Post()
  @HttpCode(200)
  async create(@CurrentSession() session: DashboardSession, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const abilities = body.abilities === undefined ? [] : ([] as unknown[]).concat(body.abilities);
    const request = parseOperatorKeyRequest({ name: body.name, abilities });
    const { secret, key } = await this.keys.issueByOperator({ email: session.account.email, ...request, requestedIp: clientIp(req) });
    await this.render(res, session, { created: { name: key.name, secret } });
  }

  @Post('policy')
  async setPolicy(@CurrentSession() session: DashboardSession, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const policy = body.policy;
    if (policy !== 'open' && policy !== 'closed') throw validationError({ policy: ['Must be one of: open, closed'] });
    await this.keys.setAgentPolicy(session.account.id, policy as AgentPolicy);
    done(res, policy === 'open' ? 'policy-open' : 'policy-closed');
  }

  @Post(':keyId/revoke')
  async revoke(@CurrentSession() session: DashboardSession, @Param('keyId') keyId: string, @Res() res: Response): Promise<void> {
    await this.keys.revokeOwn(session.account.id, keyId);
    done(res, 'revoked');
  }

  /** The take-back prompt's Keep: the owner made this key before proving the address. */
  @Post(':keyId/keep')
  async keep(@CurrentSession() session: DashboardSession, @Param('keyId') keyId: string, @Res() res: Response): Promise<void> {
    if (!(await this.takeBack.decide(session.account.id, keyId, 'keep'))) throw notFound('Key not found');
    done(res, 'kept');
  }

  @Post(':keyId/approve')
  async approve(@CurrentSession() session: DashboardSession, @Param('keyId') keyId: string, @Res() res: Response): Promise<void> {
    await this.pendingKeyOf(session, keyId);
    const outcome = await this.keys.approve(keyId);
    if (outcome === 'gone') throw notFound('Key not found');
    done(res, outcome);
  }

  @Post(':keyId/deny')
  async deny(@CurrentSession() session: DashboardSession, @Param('keyId') keyId: string, @Res() res: Response): Promise<void> {
    await this.pendingKeyOf(session, keyId);
    if (!(await this.keys.deny(keyId))) throw notFound('Key not found');
    done(res, 'denied');
  }

  /** Another account's key is as unknown as one that never existed. */
  private async pendingKeyOf(session: DashboardSession, keyId: string): Promise<void> {
    const key = await this.keyRows.findRequested(keyId);
    if (!key || key.accountId !== session.account.id || key.revokedAt) throw notFound('Key not found');
  }

  private async render(res: Response, session: DashboardSession, view: Omit<KeysView, 'keys' | 'toReview'>): Promise<void> {
    const [keys, toReview] = await Promise.all([this.keyRows.listForAccount(session.account.id), this.takeBack.keysToReview(session.account.id)]);
    sendDashboardPage(res, 200, { title: 'API keys', session, section: 'keys', bodyHtml: keysPageHtml(session, { ...view, keys, toReview }), script: view.created ? COPY_SCRIPT : undefined });
  }
}
