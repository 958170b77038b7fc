import { randomBytes } from 'crypto';
import { AppProcess, startApp } from './app-process';
import { BenchDatabase, startDatabase } from './database';
import { freePort } from '../../test/harness/free-port';
import { startRedis } from './redis';
import { tempDir } from './temp-dir';

export interface BenchService {
  baseUrl: string;
  dataDir: string;
  redisUrl: string;
  databaseUrl: string;
  databaseKind: BenchDatabase['kind'];
  queuePrefix: string;
  gateway: AppProcess;
  worker: AppProcess;
  workerConcurrency: number;
  /** Replaces the worker process with one running `concurrency` jobs at a time. */
  restartWorker(concurrency: number): Promise<void>;
  /** The processes whose CPU time is attributed per operation. */
  pids(): Record<string, number>;
}

/**
 * What `npm start` runs, with private parts: redis-server, the embedded database (in memory,
 * migrated) unless `openDatabase` gives another, the folder store in a temp DATA_DIR, the gateway and
 * one worker as real child processes.
 */
export async function startService(workerConcurrency: number, openDatabase: () => Promise<BenchDatabase> = startDatabase): Promise<BenchService> {
  const [redis, database, dataDir, port] = await Promise.all([startRedis(), openDatabase(), tempDir('data'), freePort()]);
  const redisUrl = redis.url;
  const databaseUrl = database.url;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn',
    IMPORT_ALLOWED_CIDRS: '127.0.0.0/8',
    WORKER_CONCURRENCY: String(workerConcurrency),
  };
  delete env.S3_BUCKET; // the folder driver, as `npm start` defaults to
  const [gateway, worker] = await Promise.all([
    startApp('gateway', env, 'gateway-ready'),
    startApp('worker', { ...env, WORKER_INDEX: '0' }, 'worker-ready'),
  ]);
  const service: BenchService = {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    redisUrl,
    databaseUrl,
    databaseKind: database.kind,
    queuePrefix: env.QUEUE_PREFIX!,
    gateway,
    worker,
    workerConcurrency,
    pids: () => ({
      bench: process.pid,
      gateway: service.gateway.pid,
      worker: service.worker.pid,
      ...(database.pid ? { database: database.pid } : {}),
      redis: redis.pid,
    }),
    restartWorker: async (concurrency) => {
      await service.worker.stop();
      service.worker = await startApp('worker', { ...env, WORKER_INDEX: '0', WORKER_CONCURRENCY: String(concurrency) }, 'worker-ready');
      service.workerConcurrency = concurrency;
    },
  };
  return service;
}
