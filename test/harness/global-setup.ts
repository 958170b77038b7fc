import * as path from 'path';
import type { Config } from '@jest/types';
import { startRedis } from './redis-server';
import { createFreshDatabase } from './test-database';

/** The compiled libs (npm test builds first): the embedded database runs the same entry point as npm start. */
const db = require(path.join(__dirname, '..', '..', 'dist', 'libs', 'db', 'src'));

async function startDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const fresh = await createFreshDatabase(process.env.DATABASE_URL);
    return { url: fresh.url, stop: fresh.drop };
  }
  // Transactions in the service last milliseconds: a client idle mid-transaction for 10 s is stuck,
  // and cutting it off keeps one leaked connection from stalling every suite after it.
  return db.startEmbeddedPostgres('memory://', 0, { idleInTransactionMs: 10_000 });
}

/**
 * Redis is shared (every test service has its own queue prefix), but each Jest worker gets a database
 * of its own: a sweep sees every row of its database, so a suite's sweep running beside another suite
 * would finish that suite's deletions against the wrong storage (see worker-database.ts).
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const redis = await startRedis();
  const workers = Math.max(1, globalConfig.maxWorkers ?? 1);
  const databases: { url: string; stop(): Promise<void> }[] = [];
  for (let worker = 1; worker <= workers; worker++) {
    const database = await startDatabase();
    databases.push(database);
    await db.runMigrations(database.url);
    process.env[`TEST_DATABASE_URL_${worker}`] = database.url;
  }
  process.env.TEST_DATABASE_URL = databases[0].url;
  process.env.TEST_REDIS_URL = redis.url;
  (globalThis as Record<string, unknown>).__imgproTeardown = async () => {
    await redis.stop();
    await Promise.all(databases.map((database) => database.stop()));
  };
}
