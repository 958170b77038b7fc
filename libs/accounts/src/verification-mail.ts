import { escapeHtml } from './escape-html';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** The verification mail for `link`: plain text for every client, a simple HTML part with the same words. */
export function verificationMail(link: string): MailContent {
  const lines = [
    'Confirm your email address to keep your images permanently and create more API keys.',
    'Open this link to verify your email (valid for 7 days):',
  ];
  const ignore = 'If you did not ask for an imgpro API key, ignore this mail.';
  const href = escapeHtml(link);
  return {
    subject: 'Verify your email',
    text: `${lines[0]}\n\n${lines[1]}\n${link}\n\n${ignore}\n`,
    html: [
      '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#222">',
      `<p>${escapeHtml(lines[0])}</p>`,
      `<p><a href="${href}" style="display:inline-block;padding:10px 18px;background:#2563eb;color:#fff;border-radius:6px;text-decoration:none">Verify email</a></p>`,
      `<p style="font-size:13px;color:#555">Or open this link (valid for 7 days):<br>${href}</p>`,
      `<p style="font-size:13px;color:#555">${escapeHtml(ignore)}</p>`,
      '</body></html>',
    ].join('\n'),
  };
}
