import { Controller, Get, Inject, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { upgradeAction, UsageService } from '@app/accounts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CurrentSession } from '../auth/auth.guard';
import { SignedIn } from '../auth/route-access';
import { DashboardErrorPages } from './dashboard-error-pages';
import { sendDashboardPage } from './dashboard-page';
import type { DashboardSession } from './dashboard-session';
import { signInForm } from './sign-in.controller';
import { usagePageHtml } from './usage-page';

/** `/usage`: the numbers of GET /v1/usage and the upgrade link a quota_exceeded would hand out, for the signed-in owner. */
@ApiExcludeController()
@UseFilters(DashboardErrorPages)
@SignedIn()
@Controller('usage')
export class UsagePageController {
  constructor(
    private readonly usage: UsageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async show(@CurrentSession() session: DashboardSession | undefined, @Res() res: Response): Promise<void> {
    if (!session) return sendDashboardPage(res, 200, { title: 'Sign in', bodyHtml: signInForm() });
    const { account } = session;
    const usage = await this.usage.report(account);
    sendDashboardPage(res, 200, {
      title: 'Usage',
      session,
      section: 'usage',
      bodyHtml: usagePageHtml({ usage, verifiedAt: account.verifiedAt, upgrade: upgradeAction(this.config, account) }),
    });
  }
}
