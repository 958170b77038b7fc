import * as os from 'os';
import { createKey, expectStatus, upload } from '../client/api';
import { agent } from '../client/http';
import { BENCH } from '../config';
import { makeFixtures } from '../fixtures/images';
import { onCleanup } from '../infra/cleanup';
import { BenchService, startService } from '../infra/service';
import { tempDir } from '../infra/temp-dir';
import { startForeignLoad } from '../measure/foreign-load';
import { combine, cpuPerOperation, perSecond, PoolRun, runPool } from '../measure/pool';
import { round } from '../measure/stats';
import { writeResults } from '../report/results-file';
import { formatTable } from '../report/table';
import type { Log } from './log';

interface Layout {
  name: string;
  /** One worker per entry, pinned to that `taskset -c` list. */
  workerCpus: string[];
}

/**
 * 12 MP camera-JPEG upload throughput with 1 worker process pinned to core 0 vs 2 worker processes pinned
 * to cores 0 and 1 (`taskset`), gateway and database unpinned, the same client concurrency, in
 * interleaved rounds. Both set-ups run side by side (each its own Redis, database, store and gateway); the
 * one not measured is idle.
 */
export async function runWorkersSuite(log: Log): Promise<void> {
  const started = performance.now();
  const settings = BENCH.workers;
  const loadAtStart = os.loadavg();
  const { camera } = await makeFixtures(await tempDir('fixtures'));
  const file = { name: camera.name, contentType: camera.contentType, bytes: camera.bytes };
  const layouts: Layout[] = [
    { name: '1 worker (core 0)', workerCpus: ['0'] },
    { name: '2 workers (cores 0, 1)', workerCpus: ['0', '1'] },
  ];
  const services: BenchService[] = [];
  for (const layout of layouts) {
    log(`workers: starting redis, embedded database, gateway and ${layout.name}, WORKER_CONCURRENCY=${BENCH.workerConcurrency} each`);
    services.push(await startService(BENCH.workerConcurrency, undefined, { workerCpus: layout.workerCpus }));
  }
  onCleanup('client sockets', async () => agent.destroy());

  const uploadRound = async (service: BenchService, count: number): Promise<PoolRun> => {
    const key = await createKey(service.baseUrl); // an unverified account may upload 100 times a month
    return runPool(count, settings.concurrency, async () => expectStatus(await upload(service.baseUrl, key, file), 201, `upload of the ${camera.label}`), service.pids());
  };
  for (const [i, service] of services.entries()) {
    log(`workers: warming up ${layouts[i].name}`);
    await uploadRound(service, settings.warmup);
  }
  const runs: PoolRun[][] = layouts.map(() => []);
  const load = startForeignLoad();
  for (let round_ = 0; round_ < settings.rounds; round_++) {
    for (const [i, service] of services.entries()) {
      runs[i].push(await uploadRound(service, settings.perRound));
      log(`workers: round ${round_ + 1}, ${layouts[i].name}: ${perSecond(runs[i].at(-1)!).toFixed(2)} uploads/s`);
    }
  }
  const foreignCores = load.stop().foreignCores;
  if (foreignCores > 0.25) log(`note: other programs used ${foreignCores} cores meanwhile — figures may be disturbed`);

  const combined = runs.map(combine);
  const figures = layouts.map((layout, i) => {
    const cpu = cpuPerOperation(combined[i]);
    const workerMs = Object.entries(cpu).filter(([role]) => role.startsWith('worker')).reduce((sum, [, ms]) => sum + ms, 0);
    return {
      layout: layout.name,
      uploads: combined[i].count,
      uploadsPerSecond: round(perSecond(combined[i]), 3),
      cpuMsPerUpload: cpu,
      /** Cores the worker processes kept busy on average. */
      workerCores: round((workerMs * combined[i].count) / combined[i].elapsedMs, 2),
    };
  });
  const ratio = round(figures[1].uploadsPerSecond / figures[0].uploadsPerSecond, 2);
  const table = formatTable(
    ['layout', 'uploads', 'uploads/s', 'worker cores busy', 'worker ms/upload', 'gateway ms/upload', 'database ms/upload'],
    figures.map((f) => [
      f.layout,
      String(f.uploads),
      String(f.uploadsPerSecond),
      String(f.workerCores),
      String(round(Object.entries(f.cpuMsPerUpload).filter(([r]) => r.startsWith('worker')).reduce((s, [, ms]) => s + ms, 0), 1)),
      String(f.cpuMsPerUpload.gateway ?? '—'),
      String(f.cpuMsPerUpload.database ?? '—'),
    ]),
  );
  const pass = ratio >= settings.targetRatio;
  process.stdout.write(
    `\nWorkers benchmark — ${camera.label} uploads at client concurrency ${settings.concurrency}, ${settings.rounds} interleaved rounds of ${settings.perRound}, ` +
      `${os.availableParallelism()} cores (gateway, database and Redis unpinned)\n\n${table}\n\n` +
      `2 workers ÷ 1 worker: ${ratio}× (target ≥ ${settings.targetRatio}×) ${pass ? 'PASS' : 'MISS'}; other programs used ${foreignCores} cores meanwhile\n\n`,
  );
  const totalSeconds = round((performance.now() - started) / 1000, 1);
  const out = await writeResults('workers.json', {
    date: new Date().toISOString(),
    machine: { node: process.version, cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
    settings,
    figures,
    ratio,
    pass,
    foreignLoadCores: foreignCores,
    totalSeconds,
  });
  log(`wrote ${out}; workers total ${totalSeconds} s`);
}
