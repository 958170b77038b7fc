import { createKey } from '../../harness/api-client';
import { accountOfKey, sql } from '../../harness/sql';

/** A key on the pro plan (1000 uploads a month): a stream outgrows the free plan's 100. */
export async function createStreamKey(baseUrl: string): Promise<{ key: string; keyId: string }> {
  const created = await createKey(baseUrl);
  await sql(`UPDATE accounts SET plan = 'pro' WHERE email = $1`, [created.email]);
  return created;
}

export interface StreamAccounts {
  /** Upload i's key: the accounts take turns. */
  keyFor: (index: number) => string;
  accountIds: string[];
}

/**
 * Pro accounts a stream's uploads take turns on. A stream runs for as long as its scenario needs, and on a
 * quiet machine that can pass one account's 1000 uploads a month (about 1400 were seen): every later upload
 * would be refused quota_exceeded, which is not what any scenario is about.
 */
export async function createStreamAccounts(baseUrl: string, count = 4): Promise<StreamAccounts> {
  const keys = await Promise.all(Array.from({ length: count }, () => createStreamKey(baseUrl)));
  const accountIds = await Promise.all(keys.map(({ keyId }) => accountOfKey(keyId)));
  return { keyFor: (index) => keys[index % keys.length].key, accountIds };
}
