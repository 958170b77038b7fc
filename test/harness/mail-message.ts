/** Undoes quoted-printable: soft line breaks and =XX escapes (how nodemailer wraps long lines). */
function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The plain-text part of a raw MIME message, decoded. */
export function plainTextOf(raw: string): string {
  const part = /(Content-Type: text\/plain[^]*?)\r?\n\r?\n([^]*?)(?:\r?\n--|$)/i.exec(raw);
  if (!part) throw new Error(`no text/plain part in:\n${raw}`);
  const [, headers, body] = part;
  const encoding = /Content-Transfer-Encoding: ([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  return encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
}

/** The first link to `path` in a mail's text part. */
export function linkIn(raw: string, path: string): string {
  const text = plainTextOf(raw);
  const link = text.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname === path);
  if (!link) throw new Error(`no ${path} link in:\n${text}`);
  return link;
}

/** A header's value (first occurrence, unfolded). */
export function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
}
