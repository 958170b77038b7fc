import * as os from 'os';
import { BareWork } from '../bare/bare-work';
import { createKey } from '../client/api';
import { agent } from '../client/http';
import { BENCH } from '../config';
import { probeDatabase } from '../diagnostics/db-probe';
import { makeFixtures } from '../fixtures/images';
import { onCleanup } from '../infra/cleanup';
import { startImageServer } from '../infra/image-server';
import { startService } from '../infra/service';
import { tempDir } from '../infra/temp-dir';
import { ForeignLoad, startForeignLoad } from '../measure/foreign-load';
import { writeResults } from '../report/results-file';
import { breakdownTable, cpuTable, summaryTable, verdicts } from '../report/summary';
import type { BenchContext } from '../scenarios/context';
import { measureGatewayMemory } from '../scenarios/gateway-memory';
import { measureLatency } from '../scenarios/latency';
import { measureThroughput } from '../scenarios/throughput';
import { warmUp } from '../scenarios/warmup';
import { sweepWorkerConcurrency } from '../scenarios/worker-sweep';
import type { Log } from './log';

/** Runs a step and records how much other programs loaded the CPU meanwhile. */
async function measured<T>(log: Log, load: Record<string, ForeignLoad>, name: string, step: () => Promise<T>): Promise<T> {
  const meter = startForeignLoad();
  const result = await step();
  load[name] = meter.stop();
  if (load[name].foreignCores > 0.25) log(`note: other programs used ${load[name].foreignCores} cores during "${name}" — figures may be disturbed`);
  return result;
}

/** The upload benchmark: throughput, latency, gateway memory and imports against the embedded database. */
export async function runUploadSuite(log: Log): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg();
  log(`node ${process.version}, ${os.availableParallelism()} cores, load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`);

  const fixtures = await makeFixtures(await tempDir('fixtures'));
  const { photo, small } = fixtures;
  for (const f of [photo, small]) log(`fixture ${f.label}: ${f.width}×${f.height}, ${(f.bytes.length / 1024).toFixed(0)} KiB`);

  log(`starting redis, embedded database, gateway and 1 worker (WORKER_CONCURRENCY=${BENCH.workerConcurrency})`);
  const service = await startService(BENCH.workerConcurrency);
  // First to go: dropping our sockets ends requests still in flight, so the gateway can stop at once.
  onCleanup('client sockets', async () => agent.destroy());
  const ctx: BenchContext = {
    service,
    key: await createKey(service.baseUrl),
    bare: new BareWork(await tempDir('bare')),
    photo,
    small,
    photoUrl: `${await startImageServer(photo.bytes, photo.contentType)}/${photo.name}`,
    log,
  };
  log(`gateway ${service.baseUrl} (pid ${service.gateway.pid}), worker pid ${service.worker.pid}`);

  log('warming up');
  await warmUp(ctx);
  const sweep = BENCH.sweep ? await sweepWorkerConcurrency(ctx) : undefined;
  if (sweep) log(`sweep picked WORKER_CONCURRENCY=${sweep.best}`);

  const load: Record<string, ForeignLoad> = {};
  const photoResult = await measured(log, load, 'throughput 12 MP', () => measureThroughput(ctx, photo, BENCH.photoCount, true));
  const smallResult = await measured(log, load, 'throughput 100 KB', () => measureThroughput(ctx, small, BENCH.smallCount, false));
  const latency = await measured(log, load, 'latency', () => measureLatency(ctx));
  const memory = await measured(log, load, 'gateway memory', () => measureGatewayMemory(ctx));

  const dbProbe = await probeDatabase(service.databaseUrl);

  const figures = { photo: photoResult, small: smallResult, latency, memory };
  const list = verdicts(figures);
  const totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  process.stdout.write(
    `\nUpload benchmark — 1 gateway + 1 worker (WORKER_CONCURRENCY=${service.workerConcurrency}), client concurrency ${BENCH.clientConcurrency}, ` +
      `folder store, ${os.availableParallelism()} cores\n\n${summaryTable(list)}\n` +
      `Other programs' CPU meanwhile (cores): ${Object.entries(load).map(([name, l]) => `${name} ${l.foreignCores}`).join(', ')}\n\n` +
      `Where a service upload's time goes:\n${breakdownTable(figures, dbProbe)}\n\n${cpuTable(figures)}\n\n`,
  );
  const file = await writeResults('upload.json', {
    date: new Date().toISOString(),
    machine: { node: process.version, cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
    settings: { ...BENCH, workerConcurrency: service.workerConcurrency },
    fixtures: Object.fromEntries([photo, small].map((f) => [f.name, { label: f.label, width: f.width, height: f.height, bytes: f.bytes.length }])),
    sweep,
    verdicts: list,
    figures,
    databaseProbe: dbProbe,
    foreignLoadCores: load,
    totalSeconds,
  });
  log(`wrote ${file}; total ${totalSeconds} s`);
}
