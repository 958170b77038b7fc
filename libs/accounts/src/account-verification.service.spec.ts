import type { AppConfig } from '@app/config';
import type { AccountsRepository, KeysRepository, VerifiedAccount } from '@app/db';
import type { AccountWrites } from './account-writes';
import { verifyLink, verifyRequestLink, VERIFY_PATH } from './account-links';
import type { AccountMailer } from './account-mailer';
import type { KeyTakeBack } from './key-take-back.service';
import { AccountVerificationService } from './account-verification.service';
import { signLink } from './signed-link';

const config = { signingSecret: 'secret', webBaseUrl: 'https://img.example' } as AppConfig;
const accountId = '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab';
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

/** Records which accounts it was asked to verify or mail; knows only `accountId`. */
function setup() {
  const verified: string[] = [];
  const mailed: string[] = [];
  const verification = {
    markVerified: async (id: string): Promise<VerifiedAccount | null> => {
      verified.push(id);
      return id === accountId ? { accountId: id, verifiedAt: new Date(0), clearedExpiries: 2 } : null;
    },
  };
  const accounts = { findById: async (id: string) => (id === accountId ? { id, email: 'alice@example.com', verified: false } : null) };
  const keys = { listForAccount: async () => [] };
  const decided: string[] = [];
  const takeBack = { keysToReview: async () => [], decide: async (id: string, keyId: string, choice: string) => (decided.push(`${choice} ${keyId} of ${id}`), true) };
  const mailer = { send: async (_kind: string, account: { id: string }) => (mailed.push(account.id), true) };
  const service = new AccountVerificationService(
    config,
    verification as unknown as AccountWrites,
    accounts as unknown as AccountsRepository,
    keys as unknown as KeysRepository,
    takeBack as unknown as KeyTakeBack,
    mailer as unknown as AccountMailer,
  );
  return { service, verified, mailed, decided };
}

describe('AccountVerificationService', () => {
  it('verifies the account the mailed link names', async () => {
    const { service, verified, mailed } = setup();
    await expect(service.open(queryOf(verifyLink(config, accountId)))).resolves.toEqual({ kind: 'verified', accountId, toReview: [], keys: [] });
    expect([verified, mailed]).toEqual([[accountId], []]);
  });

  it('only sends the mail for the link API errors hand out, never verifying', async () => {
    const { service, verified, mailed } = setup();
    await expect(service.open(queryOf(verifyRequestLink(config, accountId)))).resolves.toEqual({
      kind: 'mail-requested',
      email: 'alice@example.com',
      alreadyVerified: false,
    });
    expect([verified, mailed]).toEqual([[], [accountId]]);
  });

  it.each([
    ['forged', (q: Record<string, string>) => ({ ...q, sig: 'A'.repeat(43) })],
    ['altered', (q: Record<string, string>) => ({ ...q, t: q.t.replace(/6f1c/, '7f1c') })],
    ['malformed', (q: Record<string, string>) => ({ t: q.t })],
    ['expired', () => queryOf(verifyLink(config, accountId, new Date(Date.now() - 8 * 86400 * 1000)))],
    ['for another purpose', () => queryOf(signLink(config.signingSecret, config.webBaseUrl, VERIFY_PATH, { purpose: 'approve-key', subject: accountId }, 60))],
    ['naming no account id', () => queryOf(signLink(config.signingSecret, config.webBaseUrl, VERIFY_PATH, { purpose: 'verify', subject: 'not-a-uuid' }, 60))],
  ])('refuses a link %s without touching the database', async (_name, alter) => {
    const { service, verified, mailed } = setup();
    await expect(service.open(alter(queryOf(verifyLink(config, accountId))))).resolves.toEqual({ kind: 'invalid' });
    expect([verified, mailed]).toEqual([[], []]);
  });

  it.each(['keep', 'revoke'] as const)('refuses %s carried by a request link: only the mailed link proves the mailbox', async (choice) => {
    const { service, verified, decided } = setup();
    await expect(service.decide(queryOf(verifyRequestLink(config, accountId)), 'key_abcdef', choice)).resolves.toEqual({ kind: 'invalid' });
    expect([verified, decided]).toEqual([[], []]);
  });

  it('passes the mailed link\'s Keep and Revoke on for the account the link names', async () => {
    const { service, decided } = setup();
    for (const choice of ['keep', 'revoke'] as const) await service.decide(queryOf(verifyLink(config, accountId)), 'key_abcdef', choice);
    expect(decided).toEqual([`keep key_abcdef of ${accountId}`, `revoke key_abcdef of ${accountId}`]);
  });
});
