import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { randomBytes } from 'crypto';
import type { INestApplication } from '@nestjs/common';
import { AppConfig, loadConfig } from '@app/config';
import { createObjectStore, ObjectStore } from '@app/storage';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';
import { createKey } from './api-client';
import { freePort } from './free-port';
import { startS3, TestS3 } from './s3-server';
import { startTcpProxy, TcpProxy } from './tcp-proxy';
import { startWorkerProcess, WorkerProcess } from './worker-process';

export interface TestServiceOptions {
  workers?: number;
  storage?: 's3' | 'fs';
  env?: Record<string, string>;
  /** Puts a TCP proxy between the service and s3rver, so a test can make storage stall or go away. */
  storageProxy?: boolean;
}

export interface TestService {
  baseUrl: string;
  config: AppConfig;
  env: Record<string, string>;
  app: INestApplication;
  /** The test's own view of storage (straight to s3rver, never through `storageProxy`). */
  store: ObjectStore;
  s3?: TestS3;
  /** Between the service and s3rver, with `storageProxy: true`. */
  storageProxy?: TcpProxy;
  workers: WorkerProcess[];
  startWorker(extraEnv?: Record<string, string>): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

/**
 * The whole service on real parts: the gateway in this process (so tests can reach its internals when
 * they must), workers as real separate processes, the run's Redis and database, S3 (s3rver) or a folder.
 * Each service gets its own queue prefix, so suites running side by side never share jobs.
 */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-data-'));
  const s3 = (options.storage ?? 's3') === 's3' ? await startS3() : undefined;
  const storageProxy = s3 && options.storageProxy ? await startTcpProxy({ host: '127.0.0.1', port: s3.port }) : undefined;
  const env: Record<string, string> = {
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.TEST_DATABASE_URL!,
    REDIS_URL: process.env.TEST_REDIS_URL!,
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    WORKER_CONCURRENCY: '2',
    // Every suite calls from 127.0.0.1, so the production limits would refuse their requests; the
    // rate-limit suites set their own.
    RATE_LIMIT_KEYS_PER_EMAIL: '100000',
    RATE_LIMIT_KEYS_PER_IP: '100000',
    RATE_LIMIT_ANON_HOURLY: '100000',
    RATE_LIMIT_ANON_DAILY: '100000',
    RATE_LIMIT_PER_KEY: '100000',
    RATE_LIMIT_RENDERS_PER_IP: '100000',
    // Many suites set rows up with SQL behind the service's back, which announces nothing: their gateways read
    // the database every time. The suites about the caches turn them on.
    GATEWAY_CACHE_MAX_AGE_MS: '0',
    ...(s3?.env ?? {}),
    ...(storageProxy ? { S3_ENDPOINT: `http://127.0.0.1:${storageProxy.port}` } : {}),
    ...(options.env ?? {}),
  };
  const config = loadConfig(env);
  const workers: WorkerProcess[] = [];
  const starting = new Set<Promise<WorkerProcess>>();
  let app: INestApplication | undefined;
  const stop = async () => {
    // A worker still starting (a supervisor replacing one that died) is stopped with the rest, not left behind.
    await Promise.allSettled([...starting]);
    await Promise.all(workers.map((worker) => worker.stop()));
    await app?.close();
    await storageProxy?.close();
    await s3?.stop().catch(() => undefined);
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  const startWorker = async (extraEnv: Record<string, string> = {}) => {
    // Worker output is only kept (shown when a worker is stuck), so it can afford info-level detail.
    const start = startWorkerProcess({ ...env, LOG_LEVEL: 'info', ...extraEnv });
    starting.add(start);
    try {
      const worker = await start;
      workers.push(worker);
      return worker;
    } finally {
      starting.delete(start);
    }
  };
  try {
    app = await createGatewayApp(config);
    await app.listen(port, '127.0.0.1');
    // allSettled: when one worker fails to start, the others have finished starting before all is stopped.
    const started = await Promise.allSettled(Array.from({ length: options.workers ?? 1 }, () => startWorker()));
    const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    // The suite never gets a service to stop: what did start must not outlive it.
    await stop().catch(() => undefined);
    throw error;
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    env,
    app,
    store: createObjectStore(s3 ? { ...config, s3: { ...config.s3!, endpoint: s3.endpoint } } : config),
    s3,
    storageProxy,
    workers,
    startWorker,
    stop,
  };
}

/** A test service and an API key on it: the set-up most suites start from. */
export async function startKeyedService(options: TestServiceOptions = {}): Promise<{ service: TestService; key: string }> {
  const service = await startTestService(options);
  return { service, key: (await createKey(service.baseUrl)).key };
}
