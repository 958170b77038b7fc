import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccountVerificationService, VERIFY_PATH } from '@app/accounts';
import { sendPage } from './html-page';
import { ApiTags } from '@nestjs/swagger';
import { ApiSignedLinkPage } from './signed-link-page.openapi';
import { Public } from '../auth/route-access';

const VERIFIED_PAGE =
  '<h1>Email verified</h1>' +
  '<p>Your images are now kept permanently (unless you gave them a <code>ttl</code>), and you can create more API keys.</p>' +
  '<p class="muted">You can close this page.</p>';

const INVALID_PAGE =
  '<h1>This verification link is not valid</h1>' +
  '<p class="muted">It may have expired (verification links last 7 days) or been altered. Create another API key with the same email to get a fresh link.</p>';

/** `GET /verify?t&exp&sig`: the one-click link of the verification mail. Clicking it again is harmless. */
@ApiTags('pages')
@Controller(VERIFY_PATH.slice(1))
@Public()
export class VerifyPageController {
  constructor(private readonly verification: AccountVerificationService) {}

  @Get()
  @ApiSignedLinkPage('The one-click email verification link (WEB_BASE_URL); 403 page when the link is not valid')
  async verify(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const outcome = await this.verification.verifyFromLink(query);
    if (outcome.ok) sendPage(res, 200, 'Email verified', VERIFIED_PAGE);
    else sendPage(res, 403, 'Link not valid', INVALID_PAGE);
  }
}
