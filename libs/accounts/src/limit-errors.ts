import { AppConfig, nextPlanAfter } from '@app/config';
import { ApiError, ErrorAction, UsageInfo } from '@app/errors';
import { LinkConfig, upgradeLink, verifyRequestLink } from './account-links';

/**
 * The one place the Error Reference's actions are built: every limit error with its action, label and
 * extras, exactly as documented.
 */

export interface LimitedAccount {
  id: string;
  verified: boolean;
  plan: string;
}

export type QuotaKind = 'uploads' | 'storage';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Handed to anyone holding a key, so its link only asks for the verification mail (it never verifies). */
export function verifyAction(config: LinkConfig, accountId: string, label: string): ErrorAction {
  return { type: 'verify', url: verifyRequestLink(config, accountId), label };
}

/** Upgrade to the next plan; on the top plan, a redirect to the dashboard instead. */
export function upgradeAction(config: LinkConfig, account: LimitedAccount): ErrorAction {
  const next = nextPlanAfter(account.plan);
  if (!next) return { type: 'redirect', url: `${config.webBaseUrl}/keys`, label: 'Contact us for higher limits' };
  return {
    type: 'upgrade',
    url: upgradeLink(config, account.id, next.name),
    label: `Upgrade to ${capitalised(next.name)} ($${next.priceUsdPerMonth}/mo) for ${next.uploadsPerMonth.toLocaleString('en-US')} uploads`,
  };
}

export function quotaExceeded(config: LinkConfig, account: LimitedAccount, kind: QuotaKind, usage: UsageInfo): ApiError {
  if (!account.verified) {
    const message =
      kind === 'uploads'
        ? 'Unverified upload limit reached. Verify your email to unlock permanent storage.'
        : 'Unverified storage limit reached. Verify your email to unlock permanent storage.';
    return new ApiError('quota_exceeded', { message, action: verifyAction(config, account.id, 'Verify email for permanent storage'), usage });
  }
  const message = kind === 'uploads' ? 'Monthly upload limit reached.' : 'Storage limit reached.';
  return new ApiError('quota_exceeded', { message, action: upgradeAction(config, account), usage });
}

export function keyLimitReached(config: LinkConfig, accountId: string): ApiError {
  return new ApiError('key_limit_reached', { action: verifyAction(config, accountId, 'Verify email to remove limit') });
}

export function registrationClosed(config: LinkConfig): ApiError {
  return new ApiError('registration_closed', {
    action: { type: 'redirect', url: `${config.webBaseUrl}/keys`, label: 'Request key from dashboard' },
  });
}

const retryAfter = (seconds: number) => ({ 'Retry-After': String(seconds) });

export function keyCreationRateLimited(seconds: number): ApiError {
  return new ApiError('rate_limited', {
    message: 'Too many key creation requests. Try again later.',
    action: { type: 'wait', seconds },
    headers: retryAfter(seconds),
  });
}

/** An account already holds the most pending keys: wait until the oldest one expires. */
export function pendingKeysRateLimited(seconds: number): ApiError {
  return new ApiError('rate_limited', {
    message: "Too many keys are waiting for the owner's approval. Try again later.",
    action: { type: 'wait', seconds },
    headers: retryAfter(seconds),
  });
}

export function keyedRateLimited(seconds: number): ApiError {
  return new ApiError('rate_limited', {
    message: 'Too many requests. Try again later.',
    action: { type: 'wait', seconds },
    headers: retryAfter(seconds),
  });
}

export function renderRateLimited(seconds: number): ApiError {
  return new ApiError('rate_limited', {
    message: 'Too many new image renders from this address. Try again later.',
    action: { type: 'wait', seconds },
    headers: retryAfter(seconds),
  });
}

export type AnonymousWindow = 'hourly' | 'daily';

/** "Hourly limit of 20 uploads reached. Resets in 42 minutes. Get an API key for higher limits." */
export function anonymousRateLimited(config: Pick<AppConfig, 'webBaseUrl'>, window: AnonymousWindow, limit: number, seconds: number): ApiError {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const which = window === 'hourly' ? 'Hourly' : 'Daily';
  return new ApiError('rate_limited', {
    message: `${which} limit of ${limit} uploads reached. Resets in ${minutes} minutes. Get an API key for higher limits.`,
    action: { type: 'redirect', url: `${config.webBaseUrl}/api/quick-start`, label: 'Create API Key' },
    extras: { retry_after: seconds },
    headers: retryAfter(seconds),
  });
}
