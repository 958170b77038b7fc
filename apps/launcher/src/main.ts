/**
 * `npm start`: one machine, embedded defaults. Starts the embedded database (unless DATABASE_URL),
 * makes sure Redis answers, runs migrations, then the gateway and WORKERS worker processes.
 */
import { ChildProcess, fork } from 'child_process';
import * as path from 'path';
import { ConfigError, loadConfig } from '@app/config';
import { runMigrations, startEmbeddedPostgres } from '@app/db';
import { ensureRedis, RedisUnavailableError } from './ensure-redis';

const children: ChildProcess[] = [];
/** What this launcher started besides the apps (database, Redis), stopped after them, newest first. */
const infrastructure: Array<() => Promise<void>> = [];
async function stopInfrastructure(): Promise<void> {
  for (const stop of [...infrastructure].reverse()) await stop().catch(() => undefined);
}
let shuttingDown = false;

function log(message: string): void {
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), name: 'launcher', msg: message })}\n`);
}

function startApp(name: 'gateway' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const script = path.join(__dirname, '..', '..', name, 'src', 'main.js');
  const child = fork(script, [], { env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      log(`${name} exited unexpectedly (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function shutdown(exitCode: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  const apps = children.filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    apps.map(
      (child) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => child.kill('SIGKILL'), 35_000);
          child.once('exit', () => (clearTimeout(force), resolve()));
          child.kill('SIGTERM');
        }),
    ),
  );
  await stopInfrastructure();
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const redis = await ensureRedis(config.redisUrl, config.dataDir);
  if (redis) {
    infrastructure.push(async () => void redis.kill('SIGTERM'));
    log(`started a private redis-server for ${config.redisUrl}`);
  }
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const db = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), config.embeddedDbPort);
    databaseUrl = db.url;
    infrastructure.push(db.stop);
    log(`embedded database listening on 127.0.0.1:${db.port}`);
  }
  const applied = await runMigrations(databaseUrl);
  log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');

  const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: config.redisUrl };
  startApp('gateway', env);
  for (let i = 0; i < config.workers; i++) startApp('worker', { ...env, WORKER_INDEX: String(i) });
  log(`gateway on ${config.apiBaseUrl} with ${config.workers} worker process(es)`);

  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof RedisUnavailableError;
  process.stderr.write(`${known ? error.message : error instanceof Error ? error.stack : error}\n`);
  for (const child of children) child.kill('SIGTERM');
  void stopInfrastructure().finally(() => process.exit(1));
});
