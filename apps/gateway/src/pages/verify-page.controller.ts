import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccountVerificationService, escapeHtml, KeyChoice, maskEmail, OwnedKey, parseKeyChoice, VERIFY_PATH, VerifyLinkOutcome } from '@app/accounts';
import { sendPage, signedLinkFields, signedLinkQuery } from './html-page';
import { doneNotice, seeOther } from './see-other';
import { keyTakeBackPrompt } from './key-take-back-prompt';
import { utcTime } from './utc-time';
import { ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiSignedLinkForm, ApiSignedLinkPage } from './signed-link-page.openapi';
import { Public } from '../auth/route-access';

const VERIFIED_PAGE =
  '<h1>Email verified</h1>' +
  '<p>Your images are now kept permanently (unless you gave them a <code>ttl</code>), and you can create more API keys.</p>';

const INVALID_PAGE =
  '<h1>This verification link is not valid</h1>' +
  '<p class="muted">It may have expired (verification links last 7 days) or been altered. Open the verify link of an API error again to get a fresh mail.</p>';

const DONE: Record<KeyChoice, string> = {
  keep: 'Key kept: it stays as it is.',
  revoke: 'Key revoked: it answers 401 from now on.',
};

/**
 * `/verify?t&exp&sig`: the mailed link verifies (one click; again is harmless) and lists the account's keys:
 * those made before the address was proven with Keep and Revoke (the take-back prompt the dashboard shows
 * too), the others with Revoke, so an owner whose address someone registered first takes the account back;
 * the link from an API error's `verify` action only sends that mail. A Keep or Revoke answers 303 to this page
 * (`&done=keep` or `revoke`), so a reload opens the page again instead of posting the choice again.
 */
@ApiTags('pages')
@Controller(VERIFY_PATH.slice(1))
@Public()
export class VerifyPageController {
  constructor(private readonly verification: AccountVerificationService) {}

  @Get()
  @ApiSignedLinkPage('The verification link (WEB_BASE_URL): the mailed one verifies and lists the keys, the one from API errors sends the mail; 403 page when the link is not valid', {}, {
    enum: ['keep', 'revoke'],
    description: 'Set by the Keep or Revoke form’s 303: the page says the key was kept or revoked',
  })
  async verify(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    this.render(res, query, await this.verification.open(query), doneNotice(DONE, query.done));
  }

  /** A Keep or Revoke button of the page: the form carries the mailed link. */
  @Post()
  @ApiSignedLinkForm('Keep or revoke a key from the mailed verification page (the form carries the mailed link): 303 to that page, which says what was done', {
    key_id: { description: 'The key' },
    choice: { enum: ['keep', 'revoke'], description: 'keep: the owner made this key (it stops being asked about); revoke (the default): it answers 401 from then on', optional: true },
  })
  @ApiUnprocessableEntityResponse({ description: 'HTML page: a choice other than keep or revoke; nothing was changed', content: { 'text/html': { schema: { type: 'string' } } } })
  async decide(@Body() body: Record<string, unknown> | undefined, @Res() res: Response): Promise<void> {
    const form = body ?? {};
    const choice = parseKeyChoice(form.choice);
    if (!choice) return sendPage(res, 422, 'Not done', '<h1>Not done</h1><p>Choose Keep or Revoke. Nothing was changed.</p>', true);
    const outcome = await this.verification.decide(form, form.key_id, choice);
    if (outcome.kind !== 'verified') return this.render(res, form, outcome);
    seeOther(res, VERIFY_PATH, { ...signedLinkQuery(form), done: choice });
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
    const form = (key: OwnedKey, choice: KeyChoice) => choiceForm(link, key, choice);
    sendPage(res, 200, 'Email verified', VERIFIED_PAGE + notes + keyTakeBackPrompt(outcome.toReview, form) + keyTable(outcome.keys, form, outcome.toReview.length > 0), true);
  }
}

/** The signed link is the form's credential. */
function choiceForm(link: Record<string, unknown>, key: OwnedKey, choice: KeyChoice): string {
  return (
    `<form method="post" action="${VERIFY_PATH}">${signedLinkFields(link, escapeHtml)}<input type="hidden" name="key_id" value="${escapeHtml(key.keyId)}">` +
    `<input type="hidden" name="choice" value="${choice}"><button${choice === 'revoke' ? ' class="secondary"' : ''} type="submit">${choice === 'keep' ? 'Keep' : 'Revoke'}</button></form>`
  );
}

function keyTable(keys: OwnedKey[], form: (key: OwnedKey, choice: KeyChoice) => string, others: boolean): string {
  if (!keys.length) return others ? '' : '<p class="muted">This account has no keys.</p>';
  const rows = keys.map(
    (key) =>
      `<tr><td>${escapeHtml(key.name)}</td><td><code>${escapeHtml(key.keyId)}</code></td><td>${key.status}</td>` +
      `<td>${utcTime(key.createdAt)}</td><td>${escapeHtml(key.requestedIp ?? '—')}</td><td>${form(key, 'revoke')}</td></tr>`,
  );
  return (
    `<h2>${others ? 'Other keys' : 'Keys'} of this account</h2><p class="muted">Revoke any key you do not recognise.</p>` +
    '<table><tr><th>Name</th><th>Key id</th><th>Status</th><th>Created</th><th>Requested from</th><th></th></tr>' +
    rows.join('') +
    '</table>'
  );
}
