import type { AppConfig } from '@app/config';
import type { AccountVerificationRepository, VerifiedAccount } from '@app/db';
import { verifyLink } from './account-links';
import { AccountVerificationService } from './account-verification.service';
import { signLink } from './signed-link';

const config = { signingSecret: 'secret', webBaseUrl: 'https://img.example' } as AppConfig;
const accountId = '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab';
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

/** Records which accounts it was asked to verify; knows only `accountId`. */
function fakeRepository() {
  const calls: string[] = [];
  const repository = {
    calls,
    markVerified: async (id: string): Promise<VerifiedAccount | null> => {
      calls.push(id);
      return id === accountId ? { accountId: id, verifiedAt: new Date(0), clearedExpiries: 2 } : null;
    },
  };
  return repository;
}

describe('AccountVerificationService', () => {
  const setup = () => {
    const repository = fakeRepository();
    return { repository, service: new AccountVerificationService(config, repository as unknown as AccountVerificationRepository) };
  };

  it('verifies the account a valid link names', async () => {
    const { repository, service } = setup();
    await expect(service.verifyFromLink(queryOf(verifyLink(config, accountId)))).resolves.toEqual({
      ok: true,
      account: { accountId, verifiedAt: new Date(0), clearedExpiries: 2 },
    });
    expect(repository.calls).toEqual([accountId]);
  });

  it.each([
    ['forged', (q: Record<string, string>) => ({ ...q, sig: 'A'.repeat(43) }), 'forged'],
    ['altered', (q: Record<string, string>) => ({ ...q, t: accountId.replace(/^6/, '7') }), 'forged'],
    ['malformed', (q: Record<string, string>) => ({ t: q.t }), 'malformed'],
  ])('refuses a %s link without touching the database', async (_name, alter, reason) => {
    const { repository, service } = setup();
    await expect(service.verifyFromLink(alter(queryOf(verifyLink(config, accountId))))).resolves.toEqual({ ok: false, reason });
    expect(repository.calls).toEqual([]);
  });

  it('refuses an expired link', async () => {
    const { repository, service } = setup();
    const eightDaysAgo = new Date(Date.now() - 8 * 86400 * 1000);
    await expect(service.verifyFromLink(queryOf(verifyLink(config, accountId, eightDaysAgo)))).resolves.toEqual({ ok: false, reason: 'expired' });
    expect(repository.calls).toEqual([]);
  });

  it('refuses a signed token that names no account', async () => {
    const { repository, service } = setup();
    const notAnId = signLink(config.signingSecret, config.webBaseUrl, '/verify', 'not-a-uuid', 60);
    await expect(service.verifyFromLink(queryOf(notAnId))).resolves.toEqual({ ok: false, reason: 'unknown_account' });
    const otherId = verifyLink(config, '00000000-0000-4000-8000-000000000000');
    await expect(service.verifyFromLink(queryOf(otherId))).resolves.toEqual({ ok: false, reason: 'unknown_account' });
    expect(repository.calls).toEqual(['00000000-0000-4000-8000-000000000000']);
  });
});
