import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { APPROVE_KEY_PATH, ApprovalResult, escapeHtml, KeyApprovalService } from '@app/accounts';
import { utcTime } from './utc-time';
import { sendPage, signedLinkFields, signedLinkQuery } from './html-page';
import { seeOther } from './see-other';
import { ApiTags } from '@nestjs/swagger';
import { ApiSignedLinkForm, ApiSignedLinkPage } from './signed-link-page.openapi';
import { Public } from '../auth/route-access';

const INVALID_PAGE =
  '<h1>This approval link is not valid</h1>' +
  '<p class="muted">It may have expired (approval links last 24 hours) or been altered. An unapproved key is removed after 24 hours.</p>';
const GONE_PAGE =
  '<h1>This key request no longer waits</h1><p class="muted">It was denied, revoked or not approved within 24 hours. Nothing was changed.</p>';

const GONE_DESCRIPTION = 'HTML page: the request no longer waits (denied, revoked or expired)';

const DENIED_PAGE = '<h1>Key denied</h1><p>The key was removed; it never worked.</p>';

/**
 * `/keys/approve?t&exp&sig`: the owner's page for a key someone requested with the account's email. GET
 * only shows the request; the Approve and Deny forms post the signed link back, and once done answer 303 to
 * this page (`&done=approved` or `denied`), so a reload does not post the decision again.
 */
@ApiTags('pages')
@Public()
@Controller(APPROVE_KEY_PATH.slice(1))
export class KeyApprovalPageController {
  constructor(private readonly approval: KeyApprovalService) {}

  @Get()
  @ApiSignedLinkPage('The owner’s page for a pending key (WEB_BASE_URL): Approve and Deny forms; 403 page when the link is not valid', { 404: GONE_DESCRIPTION }, {
    enum: ['approved', 'denied'],
    description: 'Set by the Approve or Deny form’s 303: the page says the key was approved or denied',
  })
  async show(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const view = await this.approval.view(query);
    if (view.kind === 'invalid') return sendPage(res, 403, 'Link not valid', INVALID_PAGE);
    // A denied key is gone: after the Deny form's 303, the page says it was denied rather than that it no longer waits.
    if (view.kind === 'gone') return query.done === 'denied' ? sendPage(res, 200, 'Key denied', DENIED_PAGE) : sendPage(res, 404, 'Request gone', GONE_PAGE);
    const { key } = view;
    const details =
      `<h1>Approve this API key?</h1>` +
      `<p>Someone asked for an API key for <strong>${escapeHtml(view.email)}</strong>. Approve it only if it was you (or someone you trust): ` +
      'an approved key can read, change and delete the account’s media.</p>' +
      `<table><tr><th>Key name</th><td>${escapeHtml(key.name)}</td></tr><tr><th>Key id</th><td><code>${escapeHtml(key.id)}</code></td></tr>` +
      `<tr><th>Requested at</th><td>${utcTime(key.createdAt)}</td></tr><tr><th>Requested from</th><td>${escapeHtml(key.requestedIp ?? 'unknown')}</td></tr></table>`;
    if (key.status === 'active') {
      const said = query.done === 'approved' ? 'Key approved: it works from now on.' : 'This key is approved already.';
      return sendPage(res, 200, 'Key approved', `${details}<p><strong>${said}</strong></p>`);
    }
    const form = (decision: string, label: string, style = '') =>
      `<form method="post" action="${APPROVE_KEY_PATH}">${signedLinkFields(query, escapeHtml)}` +
      `<input type="hidden" name="decision" value="${decision}"><button type="submit"${style}>${label}</button></form>`;
    sendPage(res, 200, 'Approve API key', `${details}<p>${form('approve', 'Approve')} ${form('deny', 'Deny', ' class="secondary"')}</p>`, true);
  }

  @Post()
  @ApiSignedLinkForm('Approve or deny a pending key (the form carries the approval link): 303 to the approval page, which says what was done; 404 page when the request no longer waits, 409 when an unverified account already holds 3 active keys', { decision: { enum: ['approve', 'deny'], description: 'The owner’s answer' } }, {
    404: GONE_DESCRIPTION,
    409: 'HTML page: not approved, the unverified account holds 3 active keys',
  })
  async decide(@Body() body: Record<string, unknown> | undefined, @Res() res: Response): Promise<void> {
    const form = body ?? {};
    const { kind } = await this.approval.decide(form, form.decision);
    if (kind === 'approved' || kind === 'already_approved' || kind === 'denied') {
      return seeOther(res, APPROVE_KEY_PATH, { ...signedLinkQuery(form), ...(kind === 'already_approved' ? {} : { done: kind }) });
    }
    const [status, title, html] = refusalPage(kind);
    sendPage(res, status, title, html);
  }
}

/** A decision that changed nothing: its page is the answer (posting it again changes nothing either). */
function refusalPage(kind: Exclude<ApprovalResult['kind'], 'approved' | 'already_approved' | 'denied'>): [number, string, string] {
  switch (kind) {
    case 'invalid':
      return [403, 'Link not valid', INVALID_PAGE];
    case 'gone':
      return [404, 'Request gone', GONE_PAGE];
    case 'key_cap':
      return [
        409,
        'Key not approved',
        '<h1>Key not approved</h1><p>Unverified accounts can have 3 active keys. Verify your email (or revoke a key) first, then open this link again.</p>',
      ];
  }
}
