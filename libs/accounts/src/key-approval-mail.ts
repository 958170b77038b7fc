import { escapeHtml } from './escape-html';
import type { MailContent } from './verification-mail';

export interface KeyToApprove {
  name: string;
  keyId: string;
  requestedAt: Date;
  requestedIp: string | null;
  /** The signed approval page of this key. */
  link: string;
}

const utc = (date: Date) => date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/** The owner's mail: every key waiting for approval, each with when, from where and its own link. */
export function keyApprovalMail(email: string, keys: KeyToApprove[]): MailContent {
  const intro = `Someone asked for an API key for ${email}. A key works only once you approve it; unapproved keys are removed after 24 hours.`;
  const ignore = 'If this was not you, ignore this mail or open the link and choose Deny. Nobody can use these keys without your approval.';
  const textKeys = keys.map((key) => `- "${key.name}" (${key.keyId}), requested ${utc(key.requestedAt)} from ${key.requestedIp ?? 'an unknown address'}:\n  ${key.link}`);
  const htmlKeys = keys.map(
    (key) =>
      `<li><strong>${escapeHtml(key.name)}</strong> (${escapeHtml(key.keyId)}), requested ${utc(key.requestedAt)} from ${escapeHtml(key.requestedIp ?? 'an unknown address')}<br>` +
      `<a href="${escapeHtml(key.link)}">Review this request</a></li>`,
  );
  return {
    subject: keys.length === 1 ? 'Approve a new API key?' : `Approve ${keys.length} new API keys?`,
    text: `${intro}\n\n${textKeys.join('\n')}\n\nEach link is valid for 24 hours.\n\n${ignore}\n`,
    html: [
      '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#222">',
      `<p>${escapeHtml(intro)}</p><ul>${htmlKeys.join('')}</ul>`,
      `<p style="font-size:13px;color:#555">Each link is valid for 24 hours. ${escapeHtml(ignore)}</p>`,
      '</body></html>',
    ].join('\n'),
  };
}
