import { runMigrations, startEmbeddedPostgres } from '@app/db';
import { onCleanup, trackChild } from './cleanup';

/** The embedded PGlite server (in memory) as its own process, migrated; stopped at clean-up. */
export async function startDatabase(): Promise<{ url: string; pid: number }> {
  const db = await startEmbeddedPostgres('memory://', 0);
  trackChild(db.process);
  onCleanup('database', db.stop);
  await runMigrations(db.url);
  return { url: db.url, pid: db.process.pid! };
}
