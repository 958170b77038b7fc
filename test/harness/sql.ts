import { Client } from 'pg';

/** One statement on the run's database, on a connection of its own (to seed rows or assert what is left). */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(text, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/** The account a key (by its key_id) belongs to. */
export async function accountOfKey(keyId: string): Promise<string> {
  const [row] = await sql<{ account_id: string }>('SELECT account_id FROM api_keys WHERE id = $1', [keyId]);
  return row.account_id;
}

/**
 * Marks a key active as its owner's Approve does, for suites whose subject is not the approval itself (a
 * second key for one email is pending until then; the approval flow has its own suite).
 */
export async function approveInDatabase(keyId: string): Promise<void> {
  await sql(`UPDATE api_keys SET status = 'active' WHERE id = $1`, [keyId]);
}
