import * as os from 'os';
import { createKey } from '../client/api';
import { agent } from '../client/http';
import { BENCH } from '../config';
import { probeDatabase } from '../diagnostics/db-probe';
import { Fixture, Fixtures, makeFixtures } from '../fixtures/images';
import { onCleanup, runCleanup } from '../infra/cleanup';
import { startImageServer } from '../infra/image-server';
import { BenchDatabase, startDatabase, startPostgresDatabase } from '../infra/database';
import { startService } from '../infra/service';
import { tempDir } from '../infra/temp-dir';
import { ForeignLoad, startForeignLoad } from '../measure/foreign-load';
import { writeResults } from '../report/results-file';
import { breakdownTable, cpuTable, Figures, summaryTable, verdicts } from '../report/summary';
import type { BenchContext } from '../scenarios/context';
import { measureGatewayMemory } from '../scenarios/gateway-memory';
import { measureLatency } from '../scenarios/latency';
import { measureThroughput } from '../scenarios/throughput';
import { warmUp } from '../scenarios/warmup';
import { sweepWorkerConcurrency } from '../scenarios/worker-sweep';
import { startThinUploadServer } from '../thin/thin-upload-server';
import type { Log } from './log';

/** Runs a step and records how much other programs loaded the CPU meanwhile. */
async function measured<T>(log: Log, load: Record<string, ForeignLoad>, name: string, step: () => Promise<T>): Promise<T> {
  const meter = startForeignLoad();
  const result = await step();
  load[name] = meter.stop();
  if (load[name].foreignCores > 0.25) log(`note: other programs used ${load[name].foreignCores} cores during "${name}" — figures may be disturbed`);
  return result;
}

/**
 * The upload benchmark: throughput against the thin peer, latency, gateway CPU per MB, gateway memory and
 * imports. On PostgreSQL first when DATABASE_URL is set (a fresh database on that server), then on the
 * embedded database; the gateway-memory scenario runs once (it does not depend on the database).
 */
export async function runUploadSuite(log: Log): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg();
  log(`node ${process.version}, ${os.availableParallelism()} cores, load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`);
  const serverUrl = process.env.DATABASE_URL;
  const databases: [BenchDatabase['kind'], () => Promise<BenchDatabase>][] = [];
  if (serverUrl) databases.push(['postgresql', () => startPostgresDatabase(serverUrl)]);
  databases.push(['embedded', startDatabase]);
  const results: Record<string, Awaited<ReturnType<typeof runOn>>> = {};
  for (const [index, [kind, open]] of databases.entries()) {
    // Each database gets its own private service (and fixtures: clean-up removes every temp folder).
    if (index > 0) await runCleanup();
    const fixtures = await makeFixtures(await tempDir('fixtures'));
    if (index === 0) for (const f of Object.values(fixtures)) log(`fixture ${f.label}: ${f.width}×${f.height}, ${(f.bytes.length / 1024).toFixed(0)} KiB`);
    results[kind] = await runOn(log, kind, open, fixtures, index === 0);
  }

  const totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const file = await writeResults('upload.json', {
    date: new Date().toISOString(),
    machine: { node: process.version, cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
    settings: BENCH,
    results,
    totalSeconds,
  });
  log(`wrote ${file}; total ${totalSeconds} s`);
}

async function runOn(log: Log, kind: BenchDatabase['kind'], open: () => Promise<BenchDatabase>, fixtures: Fixtures, withMemory: boolean) {
  const { camera, photo, small } = fixtures;
  log(`starting redis, ${kind} database, gateway, 1 worker (WORKER_CONCURRENCY=${BENCH.workerConcurrency}) and the thin peer`);
  const service = await startService(BENCH.workerConcurrency, open);
  // First to go: dropping our sockets ends requests still in flight, so the gateway can stop at once.
  onCleanup('client sockets', async () => agent.destroy());
  const ctx: BenchContext = {
    service,
    key: await createKey(service.baseUrl),
    thin: await startThinUploadServer(await tempDir('thin')),
    camera,
    photo,
    small,
    photoUrl: `${await startImageServer(photo.bytes, photo.contentType)}/${photo.name}`,
    log,
  };
  log(`gateway ${service.baseUrl} (pid ${service.gateway.pid}), worker pid ${service.worker.pid}, thin peer ${ctx.thin.url} (pid ${ctx.thin.pid})`);

  log('warming up');
  await warmUp(ctx);
  const sweep = BENCH.sweep ? await sweepWorkerConcurrency(ctx) : undefined;
  if (sweep) log(`sweep picked WORKER_CONCURRENCY=${sweep.best}`);

  const load: Record<string, ForeignLoad> = {};
  // An unverified account may upload 100 times: every scenario uploads with a new account's key.
  const freshKey = async () => void (ctx.key = await createKey(service.baseUrl));
  const measuredWithKey = async <T>(name: string, step: () => Promise<T>) => (await freshKey(), measured(log, load, name, step));
  const large = !BENCH.smallOnly;
  const cameraResult = large ? await measuredWithKey('throughput camera 12 MP', () => measureThroughput(ctx, camera, BENCH.photoCount, false)) : undefined;
  const photoResult = large ? await measuredWithKey('throughput 12 MP', () => measureThroughput(ctx, photo, BENCH.photoCount, true)) : undefined;
  const smallResult = await measuredWithKey('throughput small PNG', () => measureThroughput(ctx, small, BENCH.smallCount, false));
  const latency = await measuredWithKey('latency', () => measureLatency(ctx));
  const memory = withMemory && large ? await measuredWithKey('gateway memory', () => measureGatewayMemory(ctx)) : undefined;

  const dbProbe = await probeDatabase(service.databaseUrl);

  const figures: Figures = { database: kind, camera: cameraResult, photo: photoResult, small: smallResult, latency, memory, photoBytes: photo.bytes.length };
  const list = verdicts(figures);
  process.stdout.write(
    `\nUpload benchmark on the ${kind} database — 1 gateway + 1 worker (WORKER_CONCURRENCY=${service.workerConcurrency}) vs the thin peer, ` +
      `client concurrency ${BENCH.clientConcurrency}, folder store, ${os.availableParallelism()} cores\n\n${summaryTable(list)}\n` +
      `Other programs' CPU meanwhile (cores): ${Object.entries(load).map(([name, l]) => `${name} ${l.foreignCores}`).join(', ')}\n\n` +
      `Where a service upload's time goes:\n${breakdownTable(figures, dbProbe)}\n\n${cpuTable(figures)}\n\n`,
  );
  const fixtureSizes = Object.fromEntries(Object.values(fixtures).map((f: Fixture) => [f.name, { label: f.label, width: f.width, height: f.height, bytes: f.bytes.length }]));
  return { workerConcurrency: service.workerConcurrency, fixtures: fixtureSizes, sweep, verdicts: list, figures, databaseProbe: dbProbe, foreignLoadCores: load };
}
