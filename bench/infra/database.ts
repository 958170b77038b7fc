import { runMigrations, startEmbeddedPostgres } from '@app/db';
import { createFreshDatabase } from '../../test/harness/test-database';
import { onCleanup, trackChild } from './cleanup';

export interface BenchDatabase {
  url: string;
  /** The embedded server's process (for CPU attribution); none for an outside PostgreSQL. */
  pid?: number;
  kind: 'embedded' | 'postgresql';
}

/** The embedded PGlite server (in memory) as its own process, migrated; stopped at clean-up. */
export async function startDatabase(): Promise<BenchDatabase> {
  const db = await startEmbeddedPostgres('memory://', 0);
  trackChild(db.process);
  onCleanup('database', db.stop);
  await runMigrations(db.url);
  return { url: db.url, pid: db.process.pid!, kind: 'embedded' };
}

/** A fresh, migrated database on the PostgreSQL server `serverUrl` points at; dropped at clean-up. */
export async function startPostgresDatabase(serverUrl: string): Promise<BenchDatabase> {
  const fresh = await createFreshDatabase(serverUrl);
  onCleanup('drop database', fresh.drop);
  await runMigrations(fresh.url);
  return { url: fresh.url, kind: 'postgresql' };
}
