import { randomBytes } from 'crypto';
import { AppProcess, startApp } from './app-process';
import { BenchDatabase, startDatabase } from './database';
import { freePort } from '../../test/harness/free-port';
import { startRedis } from './redis';
import { tempDir } from './temp-dir';

export interface BenchService {
  /** The first gateway's address (the one every suite but `gateways` talks to). */
  baseUrl: string;
  /** Every gateway's address, in the order of `gateways`. */
  gatewayUrls: string[];
  dataDir: string;
  redisUrl: string;
  databaseUrl: string;
  databaseKind: BenchDatabase['kind'];
  queuePrefix: string;
  gateway: AppProcess;
  gateways: AppProcess[];
  worker: AppProcess;
  workers: AppProcess[];
  workerConcurrency: number;
  /** Replaces the (first) worker process with one running `concurrency` jobs at a time. */
  restartWorker(concurrency: number): Promise<void>;
  /** The processes whose CPU time is attributed per operation. */
  pids(): Record<string, number>;
  redisPid: number;
  databasePid?: number;
}

const APP_READY_MS = 120_000;

export interface ServiceLayout {
  /** How many gateway processes (each on its own port), 1 by default. */
  gateways?: number;
  /** One worker per entry, each pinned with `taskset -c <cpus>` when the entry is a CPU list; one unpinned worker by default. */
  workerCpus?: (string | undefined)[];
  /** Extra environment for every process (e.g. rate limits a suite must lift). */
  env?: NodeJS.ProcessEnv;
}

/**
 * What `npm start` runs, with private parts: redis-server, the embedded database (in memory,
 * migrated) unless `openDatabase` gives another, the folder store in a temp DATA_DIR, the gateway(s) and
 * worker(s) as real child processes.
 */
export async function startService(
  workerConcurrency: number,
  openDatabase: () => Promise<BenchDatabase> = startDatabase,
  layout: ServiceLayout = {},
): Promise<BenchService> {
  const gatewayCount = layout.gateways ?? 1;
  const workerCpus = layout.workerCpus ?? [undefined];
  const [redis, database, dataDir, ports] = await Promise.all([
    startRedis(),
    openDatabase(),
    tempDir('data'),
    Promise.all(Array.from({ length: gatewayCount }, () => freePort())),
  ]);
  const redisUrl = redis.url;
  const databaseUrl = database.url;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn',
    IMPORT_ALLOWED_CIDRS: '127.0.0.0/8',
    WORKER_CONCURRENCY: String(workerConcurrency),
    ...layout.env,
  };
  delete env.S3_BUCKET; // the folder driver, as `npm start` defaults to
  const workerEnv = (index: number, concurrency: number) => ({ ...env, WORKER_INDEX: String(index), WORKER_CONCURRENCY: String(concurrency) });
  // Several gateways start one after another: all at once, on a loaded 2-core box, they outlast the ready timeout.
  const startGateways = async () => {
    const started: AppProcess[] = [];
    for (const port of ports) started.push(await startApp('gateway', { ...env, PORT: String(port) }, 'gateway-ready', APP_READY_MS));
    return started;
  };
  const [gateways, workers] = await Promise.all([
    startGateways(),
    Promise.all(workerCpus.map((cpus, index) => startApp('worker', workerEnv(index, workerConcurrency), 'worker-ready', APP_READY_MS, cpus))),
  ]);
  const service: BenchService = {
    baseUrl: `http://127.0.0.1:${ports[0]}`,
    gatewayUrls: ports.map((port) => `http://127.0.0.1:${port}`),
    dataDir,
    redisUrl,
    databaseUrl,
    databaseKind: database.kind,
    queuePrefix: env.QUEUE_PREFIX!,
    gateway: gateways[0],
    gateways,
    worker: workers[0],
    workers,
    workerConcurrency,
    redisPid: redis.pid,
    databasePid: database.pid,
    pids: () => ({
      bench: process.pid,
      ...Object.fromEntries(service.gateways.map((g, i) => [i === 0 ? 'gateway' : `gateway${i + 1}`, g.pid])),
      ...Object.fromEntries(service.workers.map((w, i) => [i === 0 ? 'worker' : `worker${i + 1}`, w.pid])),
      ...(database.pid ? { database: database.pid } : {}),
      redis: redis.pid,
    }),
    restartWorker: async (concurrency) => {
      await service.worker.stop();
      service.worker = await startApp('worker', workerEnv(0, concurrency), 'worker-ready', APP_READY_MS, workerCpus[0]);
      service.workers[0] = service.worker;
      service.workerConcurrency = concurrency;
    },
  };
  return service;
}
