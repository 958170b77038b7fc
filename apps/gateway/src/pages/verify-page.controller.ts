import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccountVerificationService, escapeHtml, maskEmail, OwnedKey, VERIFY_PATH, VerifyLinkOutcome } from '@app/accounts';
import { sendPage, signedLinkFields } from './html-page';
import { ApiTags } from '@nestjs/swagger';
import { ApiSignedLinkForm, ApiSignedLinkPage } from './signed-link-page.openapi';
import { Public } from '../auth/route-access';

const VERIFIED_PAGE =
  '<h1>Email verified</h1>' +
  '<p>Your images are now kept permanently (unless you gave them a <code>ttl</code>), and you can create more API keys.</p>';

const INVALID_PAGE =
  '<h1>This verification link is not valid</h1>' +
  '<p class="muted">It may have expired (verification links last 7 days) or been altered. Open the verify link of an API error again to get a fresh mail.</p>';

const unixDate = (date: Date) => date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/**
 * `/verify?t&exp&sig`: the mailed link verifies (one click; again is harmless) and lists the account's keys
 * with Revoke, so an owner whose address someone registered first takes the account back; the link from an
 * API error's `verify` action only sends that mail.
 */
@ApiTags('pages')
@Controller(VERIFY_PATH.slice(1))
@Public()
export class VerifyPageController {
  constructor(private readonly verification: AccountVerificationService) {}

  @Get()
  @ApiSignedLinkPage('The verification link (WEB_BASE_URL): the mailed one verifies and lists the keys, the one from API errors sends the mail; 403 page when the link is not valid')
  async verify(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    this.render(res, query, await this.verification.open(query));
  }

  /** A Revoke button of the page: the form carries the mailed link. */
  @Post()
  @HttpCode(200)
  @ApiSignedLinkForm('Revoke a key from the mailed verification page (the form carries the mailed link)', { key_id: { description: 'The key to revoke' } })
  async revoke(@Body() body: Record<string, unknown> | undefined, @Res() res: Response): Promise<void> {
    const form = body ?? {};
    this.render(res, form, await this.verification.revoke(form, form.key_id), 'Key revoked: it answers 401 from now on.');
  }

  private render(res: Response, link: Record<string, unknown>, outcome: VerifyLinkOutcome, notice?: string): void {
    if (outcome.kind === 'invalid') return sendPage(res, 403, 'Link not valid', INVALID_PAGE);
    if (outcome.kind === 'mail-requested') {
      const address = escapeHtml(maskEmail(outcome.email));
      const body = outcome.alreadyVerified
        ? `<h1>Already verified</h1><p>The email ${address} is verified already; nothing to do.</p>`
        : `<h1>Check your inbox</h1><p>We sent a verification link to ${address}. Open it to verify the account.</p>` +
          '<p class="muted">At most one mail is sent every 10 minutes; the link in the last one still works.</p>';
      return sendPage(res, 200, 'Check your inbox', body);
    }
    const notes = notice ? `<p><strong>${escapeHtml(notice)}</strong></p>` : '';
    sendPage(res, 200, 'Email verified', VERIFIED_PAGE + notes + keyTable(outcome.keys, link), true);
  }
}

function keyTable(keys: OwnedKey[], link: Record<string, unknown>): string {
  if (!keys.length) return '<p class="muted">This account has no keys.</p>';
  const rows = keys.map(
    (key) =>
      `<tr><td>${escapeHtml(key.name)}</td><td><code>${escapeHtml(key.keyId)}</code></td><td>${key.status}</td>` +
      `<td>${unixDate(key.createdAt)}</td><td>${escapeHtml(key.requestedIp ?? '—')}</td>` +
      `<td><form method="post" action="${VERIFY_PATH}">${signedLinkFields(link, escapeHtml)}` +
      `<input type="hidden" name="key_id" value="${escapeHtml(key.keyId)}"><button class="secondary" type="submit">Revoke</button></form></td></tr>`,
  );
  return (
    '<h2>Keys of this account</h2><p class="muted">Revoke any key you do not recognise.</p>' +
    '<table><tr><th>Name</th><th>Key id</th><th>Status</th><th>Created</th><th>Requested from</th><th></th></tr>' +
    rows.join('') +
    '</table>'
  );
}
