import * as path from 'path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createFreshDatabase } from '../harness/test-database';

/** The compiled libs, as the service runs them (npm test builds first). */
const db = require(path.join(__dirname, '..', '..', 'dist', 'libs', 'db', 'src'));
const MIGRATION = 'VariantBytesApart1764900000000';

/** A database of this test's own, on PostgreSQL when DATABASE_URL names one, else embedded. */
async function freshDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const fresh = await createFreshDatabase(process.env.DATABASE_URL);
    return { url: fresh.url, stop: fresh.drop };
  }
  return db.startEmbeddedPostgres('memory://', 0);
}

/** Applies every migration before VariantBytesApart: the schema as the previous release left it. */
async function migrateToBefore(url: string): Promise<void> {
  const migrations: { name: string }[] = db.MIGRATIONS.map((migration: new () => { name: string }) => new migration());
  const index = migrations.findIndex((migration) => migration.name === MIGRATION);
  expect(index).toBeGreaterThan(0);
  const dataSource = new DataSource({ ...db.dataSourceOptions(url, 1), migrations: db.MIGRATIONS.slice(0, index) });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}

describe('migration: variant bytes move out of storage_used_bytes', () => {
  let database: { url: string; stop(): Promise<void> };
  let client: Client;
  beforeAll(async () => {
    database = await freshDatabase();
    await migrateToBefore(database.url);
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.stop();
  });

  async function account(email: string, storageUsed: number): Promise<string> {
    const { rows } = await client.query('INSERT INTO accounts (email, storage_used_bytes) VALUES ($1, $2) RETURNING id', [email, storageUsed]);
    return rows[0].id;
  }

  async function media(id: string, accountId: string, status: 'ready' | 'deleted', filesize: number, variantBytes: number[]): Promise<void> {
    await client.query(`INSERT INTO media (id, account_id, status, source, name, filesize) VALUES ($1, $2, $3, 'upload', 'photo.jpg', $4)`, [
      id,
      accountId,
      status,
      filesize,
    ]);
    for (const [i, bytes] of variantBytes.entries()) {
      await client.query('INSERT INTO media_variants (media_id, key, bytes) VALUES ($1, $2, $3)', [id, `variants/${id}/${i}.webp`, bytes]);
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

    expect(await db.runMigrations(database.url)).toContain(MIGRATION);

    const { rows } = await client.query('SELECT email, storage_used_bytes::int AS storage, variant_bytes::int AS variants FROM accounts ORDER BY email');
    expect(rows).toEqual([
      { email: 'owner@example.com', storage: 3000, variants: 35 },
      { email: 'plain@example.com', storage: 500, variants: 0 },
      { email: 'under@example.com', storage: 0, variants: 40 },
    ]);
  });
});
