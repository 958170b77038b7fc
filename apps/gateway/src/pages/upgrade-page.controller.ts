import { Controller, Get, Inject, Logger, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { escapeHtml, readLink, upgradePath } from '@app/accounts';
import { APP_CONFIG, AppConfig, isPlanName, planFor } from '@app/config';
import { AccountEntity, AccountsRepository } from '@app/db';
import { describeUnreachableDependency } from '../http/unreachable-dependency';
import { sendPage } from './html-page';
import { ApiTags } from '@nestjs/swagger';
import { ApiSignedLinkPage } from './signed-link-page.openapi';
import { Public } from '../auth/route-access';

/** `GET /upgrade/{plan}?t&exp&sig`: the plan offer behind a quota_exceeded upgrade link. */
@ApiTags('pages')
@Controller('upgrade')
@Public()
export class UpgradePageController {
  private readonly logger = new Logger('UpgradePage');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
  ) {}

  @Get(':plan')
  @ApiSignedLinkPage('The plan offer behind a signed upgrade link (WEB_BASE_URL); 403 page when the link is not valid')
  async offer(@Param('plan') planName: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const check = isPlanName(planName) ? readLink(this.config, upgradePath(planName), ['upgrade'], query) : null;
    let account: AccountEntity | null = null;
    if (check?.ok) {
      try {
        account = await this.accounts.findById(check.subject);
      } catch (error) {
        // The link may well be valid: saying otherwise would send its owner away for good.
        this.logger.warn({ reason: describeUnreachableDependency(error) ?? (error as Error).message }, 'could not check an upgrade link');
        return sendPage(res, 500, 'Try again later', '<h1>Something went wrong</h1><p>We could not check this link right now. Try again in a minute.</p>');
      }
    }
    if (!check?.ok || !account) {
      return sendPage(res, 403, 'Link not valid', '<h1>This upgrade link is not valid</h1><p class="muted">It may have expired (upgrade links last 24 hours) or been altered. Hit the limit again to get a fresh link.</p>');
    }
    const plan = planFor(planName);
    const email = escapeHtml(account.email);
    const offer =
      `<h1>Upgrade to ${escapeHtml(capitalised(plan.name))}</h1>` +
      `<p><strong>$${plan.priceUsdPerMonth}/month</strong>: ${plan.uploadsPerMonth.toLocaleString('en-US')} uploads a month and ${(plan.storageMb / 1024).toLocaleString('en-US')} GB of storage.</p>` +
      `<p class="muted">For the account ${email}, currently on ${escapeHtml(account.plan)}.</p>`;
    const next = this.config.billingUrl
      ? `<p><a class="button" href="${escapeHtml(billingLink(this.config.billingUrl, query))}">Continue to payment</a></p>`
      : `<p>Online payment is not set up on this service. Ask its operator to move ${email} to the ${escapeHtml(plan.name)} plan.</p>`;
    sendPage(res, 200, `Upgrade to ${capitalised(plan.name)}`, offer + next);
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The billing page gets the same signed token, so it can check whom the payment is for. */
function billingLink(billingUrl: string, query: Record<string, unknown>): string {
  const url = new URL(billingUrl);
  for (const name of ['t', 'exp', 'sig']) url.searchParams.set(name, String(query[name]));
  return url.href;
}
