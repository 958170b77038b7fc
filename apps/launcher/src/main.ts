/**
 * `npm start`: one machine, embedded defaults. Starts the embedded database (unless DATABASE_URL),
 * makes sure Redis answers, runs migrations, then the gateway and WORKERS worker processes, which are
 * restarted when they exit unexpectedly (see supervisor.ts).
 */
import { fork } from 'child_process';
import * as path from 'path';
import { AppConfig, ConfigError, loadConfig } from '@app/config';
import { formatLogLine } from '@app/logging';
import { runMigrations, startEmbeddedPostgres } from '@app/db';
import { ensureRedis, RedisUnavailableError } from './ensure-redis';
import { SupervisedApp, Supervisor } from './supervisor';
import { workerMetricsEnv } from './worker-metrics-port';

/** What this launcher started besides the apps (database, Redis), stopped after them, newest first. */
const infrastructure: Array<() => Promise<void>> = [];
async function stopInfrastructure(): Promise<void> {
  for (const stop of [...infrastructure].reverse()) await stop().catch(() => undefined);
}
let supervisor: Supervisor | undefined;
let shuttingDown = false;
let pretty = process.stdout.isTTY === true;

function log(level: 'info' | 'warn', message: string): void {
  const record = { level: level === 'warn' ? 40 : 30, time: Date.now(), name: 'launcher', msg: message };
  process.stdout.write(`${pretty ? formatLogLine(record) : JSON.stringify(record)}\n`);
}

async function shutdown(exitCode: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  await supervisor?.stopAll();
  await stopInfrastructure();
  process.exit(exitCode);
}

/** Something the launcher supervises exits too often: it stops everything. */
function giveUp(message: string): void {
  process.stderr.write(`${message}\n`);
  void shutdown(1);
}

function nodeApp(label: string, script: string, env: NodeJS.ProcessEnv): SupervisedApp {
  return { label, spawn: () => fork(script, [], { env, stdio: 'inherit' }) };
}

function appScript(name: 'gateway' | 'worker'): string {
  return path.join(__dirname, '..', '..', name, 'src', 'main.js');
}

async function main(): Promise<void> {
  const config = loadConfig();
  pretty = config.logFormat === 'pretty';
  const redis = await ensureRedis(config.redisUrl, config.dataDir);
  if (redis) {
    log('info', `started a private redis-server for ${config.redisUrl}`);
    // Restarted like the apps when it dies: with its append-only file it comes back with the queued jobs.
    const redisSupervisor = new Supervisor(config.restart, { log, crashLoop: giveUp }, config.shutdownTimeoutMs);
    redisSupervisor.start({ label: 'private redis-server', spawn: redis.spawn }, redis.first);
    infrastructure.push(() => redisSupervisor.stopAll());
  }
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const db = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), config.embeddedDbPort);
    databaseUrl = db.url;
    infrastructure.push(db.stop);
    log('info', `embedded database listening on 127.0.0.1:${db.port}`);
  }
  const applied = await runMigrations(databaseUrl);
  log('info', applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');

  supervisor = new Supervisor(config.restart, { log, crashLoop: giveUp }, config.shutdownTimeoutMs);
  const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: config.redisUrl };
  supervisor.start(nodeApp('gateway', appScript('gateway'), env));
  for (let i = 0; i < config.workers; i++) {
    supervisor.start(nodeApp(`worker ${i}`, appScript('worker'), { ...env, WORKER_INDEX: String(i), ...workerMetricsEnv(config.workerMetricsPort, i, process.env.HOST) }));
  }
  log('info', `gateway on ${config.apiBaseUrl} with ${config.workers} worker process(es)`);
  void announceWhenReady(config, databaseUrl === config.databaseUrl ? 'PostgreSQL at DATABASE_URL' : path.join(config.dataDir, 'pg'));

  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

/** Once the gateway answers, one short banner says where everything is. */
async function announceWhenReady(config: AppConfig, database: string): Promise<void> {
  const local = `http://127.0.0.1:${config.port}`;
  for (let attempt = 0; attempt < 120 && !shuttingDown; attempt++) {
    const up = await fetch(`${local}/health`).then((response) => response.ok, () => false);
    if (up) {
      process.stdout.write(startupBanner(config, database));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function startupBanner(config: AppConfig, database: string): string {
  const objects = config.s3 ? `S3 bucket ${config.s3.bucket}` : path.join(config.dataDir, 'objects');
  const rows = [
    ['API', `${config.apiBaseUrl}/v1`],
    ['Docs', `${config.webBaseUrl}/docs`],
    ['Dashboard', `${config.apiBaseUrl}/admin/queues${config.adminToken ? '' : ' (set ADMIN_TOKEN to open it)'}`],
    ['Metrics', `${config.apiBaseUrl}/metrics`],
    ['Database', database],
    ['Objects', objects],
  ];
  return `\nimgpro is ready with ${config.workers} worker(s):\n${rows.map(([name, value]) => `  ${name.padEnd(10)} ${value}`).join('\n')}\n\n`;
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof RedisUnavailableError;
  process.stderr.write(`${known ? error.message : error instanceof Error ? error.stack : error}\n`);
  void Promise.resolve(supervisor?.stopAll())
    .then(stopInfrastructure)
    .finally(() => process.exit(1));
});
