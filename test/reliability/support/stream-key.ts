import { createKey } from '../../harness/api-client';
import { sql } from '../../harness/sql';

/** A key on the pro plan (1000 uploads a month): a stream outgrows the free plan's 100. */
export async function createStreamKey(baseUrl: string): Promise<{ key: string; keyId: string }> {
  const created = await createKey(baseUrl);
  await sql(`UPDATE accounts SET plan = 'pro' WHERE email = $1`, [created.email]);
  return created;
}
