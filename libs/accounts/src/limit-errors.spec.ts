import { checkSignedLink } from './signed-link';
import { anonymousRateLimited, keyCreationRateLimited, keyLimitReached, pendingKeysRateLimited, quotaExceeded, registrationClosed } from './limit-errors';

const config = { signingSecret: 's', webBaseUrl: 'https://img.example' };
const usage = { plan: 'free', uploads_used: 100, uploads_limit: 100 };
const pathAndQuery = (url: string) => {
  const parsed = new URL(url);
  return [parsed.pathname, Object.fromEntries(parsed.searchParams)] as const;
};

describe('limit errors, as the Error Reference documents them', () => {
  it('quota_exceeded for a verified account: upgrade to Pro with a signed 24 h link', () => {
    const body = quotaExceeded(config, { id: 'acc-1', verified: true, plan: 'free' }, 'uploads', usage).toBody();
    expect(body).toEqual({
      error: 'quota_exceeded',
      message: 'Monthly upload limit reached.',
      action: { type: 'upgrade', url: expect.stringMatching(/^https:\/\/img\.example\/upgrade\/pro\?t=/), label: 'Upgrade to Pro ($10/mo) for 1,000 uploads' },
      usage,
    });
    const [path, query] = pathAndQuery(body.action!.url!);
    expect(checkSignedLink('s', path, ['upgrade'], query)).toEqual({ ok: true, purpose: 'upgrade', subject: 'acc-1' });
    expect(Number(query.exp) - Date.now() / 1000).toBeCloseTo(86400, -1);
  });

  it('quota_exceeded for an unverified account: verify, with a 7-day link', () => {
    const body = quotaExceeded(config, { id: 'acc-2', verified: false, plan: 'free' }, 'uploads', usage).toBody();
    expect(body).toMatchObject({
      message: 'Unverified upload limit reached. Verify your email to unlock permanent storage.',
      action: { type: 'verify', label: 'Verify email for permanent storage' },
    });
    const [path, query] = pathAndQuery(body.action!.url!);
    expect(path).toBe('/verify');
    // A request for the mail, not the mailed link: whoever holds a key gets it, so it must not verify.
    expect(checkSignedLink('s', path, ['verify-request'], query)).toEqual({ ok: true, purpose: 'verify-request', subject: 'acc-2' });
    expect(checkSignedLink('s', path, ['verify'], query).ok).toBe(false);
    expect(Number(query.exp) - Date.now() / 1000).toBeCloseTo(7 * 86400, -1);
  });

  it('the storage variants, and the top plan redirects', () => {
    expect(quotaExceeded(config, { id: 'a', verified: true, plan: 'free' }, 'storage', usage).message).toBe('Storage limit reached.');
    expect(quotaExceeded(config, { id: 'a', verified: false, plan: 'free' }, 'storage', usage).message).toBe(
      'Unverified storage limit reached. Verify your email to unlock permanent storage.',
    );
    expect(quotaExceeded(config, { id: 'a', verified: true, plan: 'pro' }, 'uploads', usage).action).toEqual({
      type: 'redirect',
      url: 'https://img.example/keys',
      label: 'Contact us for higher limits',
    });
  });

  it('key_limit_reached and registration_closed', () => {
    expect(keyLimitReached(config, 'a').toBody()).toEqual({
      error: 'key_limit_reached',
      message: 'Unverified accounts can have 3 active keys. Verify your email to create more.',
      action: { type: 'verify', url: expect.stringContaining('https://img.example/verify?t='), label: 'Verify email to remove limit' },
    });
    expect(registrationClosed(config).toBody()).toEqual({
      error: 'registration_closed',
      message: 'This account does not accept new API key registrations.',
      action: { type: 'redirect', url: 'https://img.example/keys', label: 'Request key from dashboard' },
    });
  });

  it('rate_limited: wait for key creation, redirect with retry_after for anonymous uploads', () => {
    const wait = keyCreationRateLimited(60);
    expect(wait.status).toBe(429);
    expect(wait.headers).toEqual({ 'Retry-After': '60' });
    expect(wait.toBody()).toEqual({ error: 'rate_limited', message: 'Too many key creation requests. Try again later.', action: { type: 'wait', seconds: 60 } });
    const pending = pendingKeysRateLimited(3600);
    expect(pending.headers).toEqual({ 'Retry-After': '3600' });
    expect(pending.toBody()).toEqual({
      error: 'rate_limited',
      message: "Too many keys are waiting for the owner's approval. Try again later.",
      action: { type: 'wait', seconds: 3600 },
    });
    const anonymous = anonymousRateLimited(config, 'hourly', 20, 2520);
    expect(anonymous.headers).toEqual({ 'Retry-After': '2520' });
    expect(anonymous.toBody()).toEqual({
      error: 'rate_limited',
      message: 'Hourly limit of 20 uploads reached. Resets in 42 minutes. Get an API key for higher limits.',
      action: { type: 'redirect', url: 'https://img.example/api/quick-start', label: 'Create API Key' },
      retry_after: 2520,
    });
    expect(anonymousRateLimited(config, 'daily', 100, 61).message).toBe(
      'Daily limit of 100 uploads reached. Resets in 2 minutes. Get an API key for higher limits.',
    );
  });
});
