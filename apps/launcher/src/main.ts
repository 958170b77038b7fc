/**
 * `npm start`: one machine, embedded defaults. Starts the embedded database (unless DATABASE_URL),
 * makes sure Redis answers, runs migrations, then the gateway and WORKERS worker processes, which are
 * restarted when they exit unexpectedly (see supervisor.ts).
 */
import * as path from 'path';
import { ConfigError, loadConfig } from '@app/config';
import { runMigrations, startEmbeddedPostgres } from '@app/db';
import { ensureRedis, RedisUnavailableError } from './ensure-redis';
import { Supervisor } from './supervisor';

/** What this launcher started besides the apps (database, Redis), stopped after them, newest first. */
const infrastructure: Array<() => Promise<void>> = [];
async function stopInfrastructure(): Promise<void> {
  for (const stop of [...infrastructure].reverse()) await stop().catch(() => undefined);
}
let supervisor: Supervisor | undefined;
let shuttingDown = false;

function log(level: 'info' | 'warn', message: string): void {
  const pinoLevel = level === 'warn' ? 40 : 30;
  process.stdout.write(`${JSON.stringify({ level: pinoLevel, time: Date.now(), name: 'launcher', msg: message })}\n`);
}

async function shutdown(exitCode: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  await supervisor?.stopAll();
  await stopInfrastructure();
  process.exit(exitCode);
}

function appScript(name: 'gateway' | 'worker'): string {
  return path.join(__dirname, '..', '..', name, 'src', 'main.js');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const redis = await ensureRedis(config.redisUrl, config.dataDir);
  if (redis) {
    infrastructure.push(async () => void redis.kill('SIGTERM'));
    log('info', `started a private redis-server for ${config.redisUrl}`);
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

  supervisor = new Supervisor(config.restart, {
    log,
    crashLoop: (message) => {
      process.stderr.write(`${message}\n`);
      void shutdown(1);
    },
  });
  const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: config.redisUrl };
  supervisor.start({ label: 'gateway', script: appScript('gateway'), env });
  for (let i = 0; i < config.workers; i++) {
    supervisor.start({ label: `worker ${i}`, script: appScript('worker'), env: { ...env, WORKER_INDEX: String(i) } });
  }
  log('info', `gateway on ${config.apiBaseUrl} with ${config.workers} worker process(es)`);

  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof RedisUnavailableError;
  process.stderr.write(`${known ? error.message : error instanceof Error ? error.stack : error}\n`);
  void Promise.resolve(supervisor?.stopAll())
    .then(stopInfrastructure)
    .finally(() => process.exit(1));
});
