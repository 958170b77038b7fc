import { escapeHtml } from './escape-html';
import type { MailContent } from './verification-mail';

/** The dashboard's sign-in mail: one single-use link, valid for 15 minutes. */
export function signInMail(link: string): MailContent {
  const intro = 'Open this link to sign in to your imgpro dashboard (valid for 15 minutes, once):';
  const ignore = 'If you did not ask to sign in, ignore this mail: nobody can sign in without this link.';
  const href = escapeHtml(link);
  return {
    subject: 'Sign in to imgpro',
    text: `${intro}\n${link}\n\n${ignore}\n`,
    html: [
      '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#222">',
      `<p>${escapeHtml(intro)}</p>`,
      `<p><a href="${href}" style="display:inline-block;padding:10px 18px;background:#2563eb;color:#fff;border-radius:6px;text-decoration:none">Sign in</a></p>`,
      `<p style="font-size:13px;color:#555">Or open this link:<br>${href}</p>`,
      `<p style="font-size:13px;color:#555">${escapeHtml(ignore)}</p>`,
      '</body></html>',
    ].join('\n'),
  };
}
