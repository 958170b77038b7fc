import { escapeHtml, UsageReport } from '@app/accounts';
import { ErrorAction, formatMegabyteLimit, formatMegabytes } from '@app/errors';

export interface UsageView {
  usage: UsageReport;
  /** When the mailbox was proven; null while unverified. */
  verifiedAt: Date | null;
  /** What `quota_exceeded` would hand out now: the signed upgrade link, or on the top plan a redirect. */
  upgrade: ErrorAction;
}

const count = (n: number) => n.toLocaleString('en-US');
const longDate = (date: Date) => date.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** A bar a screen reader announces by its label, with the same numbers written beside it for everyone. */
function meter(id: string, label: string, used: number, limit: number, text: string): string {
  return (
    `<div class="meter"><label for="${id}">${label}</label>` +
    `<progress id="${id}" max="${limit}" value="${Math.min(used, limit)}" aria-describedby="${id}-text">${escapeHtml(text)}</progress>` +
    `<p id="${id}-text">${escapeHtml(text)}</p></div>`
  );
}

function verification(usage: UsageReport, verifiedAt: Date | null): string {
  if (usage.verified) {
    const since = verifiedAt ? ` since <time datetime="${verifiedAt.toISOString()}">${longDate(verifiedAt)}</time>` : '';
    return `<p><strong>Verified</strong>${since}: your media stay until you delete them.</p>`;
  }
  return `<p><strong>Not verified</strong>: media uploaded with your keys are kept ${usage.limits.retention_days} days and the account holds at most 3 active keys.</p>`;
}

function upgradeOffer(upgrade: ErrorAction): string {
  if (upgrade.type === 'upgrade' && upgrade.url) return `<p><a class="button" href="${escapeHtml(upgrade.url)}">${escapeHtml(upgrade.label ?? 'Upgrade')}</a></p>`;
  return `<p class="muted">You are on the top plan. Ask the operator of this service for higher limits.</p>`;
}

/** The usage page's body: plan, this month's uploads and the storage as bars, when the month resets, verification, upgrade. */
export function usagePageHtml({ usage, verifiedAt, upgrade }: UsageView): string {
  const resets = new Date(usage.resets_at * 1000);
  return (
    '<h1>Usage</h1>' +
    `<p>Plan: <strong>${escapeHtml(usage.plan)}</strong></p>` +
    meter('uploads', 'Uploads this month', usage.uploads_used, usage.uploads_limit, `${count(usage.uploads_used)} of ${count(usage.uploads_limit)} uploads used`) +
    meter(
      'storage',
      'Storage',
      usage.storage_used_bytes,
      usage.storage_limit_bytes,
      `${formatMegabytes(usage.storage_used_bytes)} MB of ${formatMegabyteLimit(usage.storage_limit_bytes)} MB used`,
    ) +
    `<p class="muted">Resized copies served from your media take ${formatMegabytes(usage.variant_bytes)} MB more. They are a cache anyone's requests fill, so they never count against your storage.</p>` +
    `<p>Uploads reset on <time datetime="${resets.toISOString()}">${longDate(resets)}</time> (00:00 UTC). Deleting media frees storage but does not give uploads back.</p>` +
    `<section><h2>Verification</h2>${verification(usage, verifiedAt)}</section>` +
    `<section><h2>More room</h2>${upgradeOffer(upgrade)}</section>`
  );
}
