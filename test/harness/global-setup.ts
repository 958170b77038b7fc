import * as path from 'path';
import { startRedis } from './redis-server';
import { createFreshDatabase } from './test-database';

/** The compiled libs (npm test builds first): the embedded database runs the same entry point as npm start. */
const db = require(path.join(__dirname, '..', '..', 'dist', 'libs', 'db', 'src'));

export default async function globalSetup(): Promise<void> {
  const redis = await startRedis();
  let databaseUrl: string;
  let stopDatabase: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const fresh = await createFreshDatabase(process.env.DATABASE_URL);
    databaseUrl = fresh.url;
    stopDatabase = fresh.drop;
  } else {
    // Transactions in the service last milliseconds: a client idle mid-transaction for 10 s is stuck,
    // and cutting it off keeps one leaked connection from stalling every suite after it.
    const embedded = await db.startEmbeddedPostgres('memory://', 0, { idleInTransactionMs: 10_000 });
    databaseUrl = embedded.url;
    stopDatabase = embedded.stop;
  }
  await db.runMigrations(databaseUrl);
  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_REDIS_URL = redis.url;
  (globalThis as Record<string, unknown>).__imgproTeardown = async () => {
    await redis.stop();
    await stopDatabase();
  };
}
