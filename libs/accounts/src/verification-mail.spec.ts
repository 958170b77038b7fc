import { verificationMail } from './verification-mail';

describe('verificationMail', () => {
  const link = 'https://img.example/verify?t=abc&exp=1&sig=x"y<z';

  it('carries the link as is in the text part', () => {
    const mail = verificationMail(link);
    expect(mail.subject).toBe('Verify your email');
    expect(mail.text).toContain(`\n${link}\n`);
  });

  it('escapes the link in the HTML part', () => {
    const { html } = verificationMail(link);
    expect(html).toContain('href="https://img.example/verify?t=abc&amp;exp=1&amp;sig=x&quot;y&lt;z"');
    expect(html).not.toContain(link);
  });
});
