import * as path from 'path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createFreshDatabase } from './test-database';

/** The compiled libs, as the service runs them (npm test builds first). */
export const compiledDb = require(path.join(__dirname, '..', '..', 'dist', 'libs', 'db', 'src'));

/** A database of the test's own, on PostgreSQL when DATABASE_URL names one, else embedded. */
export async function freshDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const fresh = await createFreshDatabase(process.env.DATABASE_URL);
    return { url: fresh.url, stop: fresh.drop };
  }
  return compiledDb.startEmbeddedPostgres('memory://', 0);
}

/** Applies every migration before the one named: the schema as the previous release left it. */
export async function migrateToBefore(url: string, migrationName: string): Promise<void> {
  const migrations: { name: string }[] = compiledDb.MIGRATIONS.map((migration: new () => { name: string }) => new migration());
  const index = migrations.findIndex((migration) => migration.name === migrationName);
  if (index <= 0) throw new Error(`no migration named ${migrationName} after the first`);
  const dataSource = new DataSource({ ...compiledDb.dataSourceOptions(url, 1), migrations: compiledDb.MIGRATIONS.slice(0, index) });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}

/** Jest hooks for a migration's suite: a fresh database at the previous release's schema, and a client on it. */
export function databaseBefore(migrationName: string): { url(): string; client(): Client } {
  let database: { url: string; stop(): Promise<void> } | undefined;
  let client: Client | undefined;
  beforeAll(async () => {
    database = await freshDatabase();
    await migrateToBefore(database.url, migrationName);
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.stop();
  });
  return { url: () => database!.url, client: () => client! };
}

/**
 * Jest hooks giving a suite a migrated database of its own, and pointing the suite's `sql()` and services at
 * it: for suites whose subject scans every row (a backfill), which earlier suites in the same Jest worker
 * would otherwise leave rows in. Call it at the top level of the file, so its afterAll runs after the suite's.
 */
export function ownDatabase(): { url(): string } {
  let database: { url: string; stop(): Promise<void> } | undefined;
  const shared = process.env.TEST_DATABASE_URL;
  beforeAll(async () => {
    database = await freshDatabase();
    await compiledDb.runMigrations(database.url);
    process.env.TEST_DATABASE_URL = database.url;
  });
  afterAll(async () => {
    process.env.TEST_DATABASE_URL = shared;
    await database?.stop();
  });
  return { url: () => database!.url };
}
