import { Client } from 'pg';

/** Reads media rows straight from the database, to assert what was (not) left behind. */
export async function mediaRows(where: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(`SELECT id, status, failure_code, failure_message FROM media WHERE ${where}`, params)).rows;
  } finally {
    await db.end();
  }
}
