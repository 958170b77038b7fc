import { escapeHtml, KeyChoice, OwnedKey } from '@app/accounts';
import { utcTime } from './utc-time';

/** Builds one key's Keep or Revoke form with the page's own credential (the signed link, or the session's CSRF token). */
export type KeyChoiceForm = (key: OwnedKey, choice: KeyChoice) => string;

/**
 * The one prompt both places that prove the mailbox show (the mailed verification page and the dashboard
 * after a sign-in): every key made before the address was proven, when and from where, with Keep and Revoke.
 */
export function keyTakeBackPrompt(keys: OwnedKey[], form: KeyChoiceForm): string {
  if (!keys.length) return '';
  const rows = keys.map(
    (key) =>
      // data-label: on a phone each key is a block of labelled lines, its buttons on screen.
      `<tr><td data-label="Name">${escapeHtml(key.name)}</td><td data-label="Key id"><code>${escapeHtml(key.keyId)}</code></td>` +
      `<td data-label="Created">${utcTime(key.createdAt)}</td><td data-label="Requested from">${escapeHtml(key.requestedIp ?? '—')}</td>` +
      `<td>${form(key, 'keep')} ${form(key, 'revoke')}</td></tr>`,
  );
  return (
    '<section class="take-back" aria-labelledby="take-back-title"><h2 id="take-back-title">These keys were created before you proved this address</h2>' +
    '<p>Anyone who knew your email could have asked for them. Keep the keys you made; Revoke the others (a revoked key answers 401 from then on).</p>' +
    '<div class="scroll"><table><tr><th>Name</th><th>Key id</th><th>Created</th><th>Requested from</th><th></th></tr>' +
    rows.join('') +
    '</table></div></section>'
  );
}
