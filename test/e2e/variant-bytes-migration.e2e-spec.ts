import { compiledDb as db, databaseBefore } from '../harness/migration-database';

const MIGRATION = 'VariantBytesApart1764900000000';

describe('migration: variant bytes move out of storage_used_bytes', () => {
  const previous = databaseBefore(MIGRATION);
  const query = (text: string, params: unknown[] = []) => previous.client().query(text, params);

  async function account(email: string, storageUsed: number): Promise<string> {
    const { rows } = await query('INSERT INTO accounts (email, storage_used_bytes) VALUES ($1, $2) RETURNING id', [email, storageUsed]);
    return rows[0].id;
  }

  async function media(id: string, accountId: string, status: 'ready' | 'deleted', filesize: number, variantBytes: number[]): Promise<void> {
    await query(`INSERT INTO media (id, account_id, status, source, name, filesize) VALUES ($1, $2, $3, 'upload', 'photo.jpg', $4)`, [
      id,
      accountId,
      status,
      filesize,
    ]);
    for (const [i, bytes] of variantBytes.entries()) {
      await query('INSERT INTO media_variants (media_id, key, bytes) VALUES ($1, $2, $3)', [id, `variants/${id}/${i}.webp`, bytes]);
    }
  }

  it("moves each account's counted variant bytes (its ready media's) to variant_bytes, and nothing else", async () => {
    // Originals 1000 + 2000, variants 30 + 5 counted; a deleted media's variants were freed with it.
    const owner = await account('owner@example.com', 3035);
    await media('aaaaaaa1', owner, 'ready', 1000, [10, 20]);
    await media('aaaaaaa2', owner, 'ready', 2000, [5]);
    await media('aaaaaaa3', owner, 'deleted', 4000, [100]);
    const noVariants = await account('plain@example.com', 500);
    await media('bbbbbbb1', noVariants, 'ready', 500, []);
    // Counted less than its variants (e.g. by hand): never below zero.
    const undercounted = await account('under@example.com', 10);
    await media('ccccccc1', undercounted, 'ready', 0, [40]);

    expect(await db.runMigrations(previous.url())).toContain(MIGRATION);

    const { rows } = await query('SELECT email, storage_used_bytes::int AS storage, variant_bytes::int AS variants FROM accounts ORDER BY email');
    expect(rows).toEqual([
      { email: 'owner@example.com', storage: 3000, variants: 35 },
      { email: 'plain@example.com', storage: 500, variants: 0 },
      { email: 'under@example.com', storage: 0, variants: 40 },
    ]);
  });
});
