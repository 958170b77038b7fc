import * as os from 'os';
import * as path from 'path';
import { createKey, expectStatus, upload } from '../client/api';
import { agent } from '../client/http';
import { BENCH } from '../config';
import { makeSmallFixture } from '../fixtures/images';
import { VariantFiller } from '../fixtures/stored-objects';
import { onCleanup } from '../infra/cleanup';
import { startService } from '../infra/service';
import { tempDir } from '../infra/temp-dir';
import { startForeignLoad } from '../measure/foreign-load';
import { round } from '../measure/stats';
import { writeResults } from '../report/results-file';
import { summaryTable, Verdict } from '../report/summary';
import { deletedMediaCount, measureDeleteLatency, StoreSize } from '../scenarios/delete-latency';
import type { Log } from './log';

/** Most uploads an unverified account has in a month: the measured media all belong to one new account. */
const ACCOUNT_UPLOADS = 100;

/**
 * The storage benchmark: p50 of `DELETE /v1/media/{id}` with 20,000 objects in the folder store ÷ the same
 * with 100. A delete lists its media's `variants/{id}/` prefix, so its cost must not follow the store's size.
 */
export async function runStorageSuite(log: Log): Promise<void> {
  const settings = BENCH.storage;
  const mediaCount = deletedMediaCount();
  if (mediaCount > Math.min(ACCOUNT_UPLOADS, settings.fewObjects)) {
    throw new Error(`storage: ${mediaCount} media to delete, more than ${Math.min(ACCOUNT_UPLOADS, settings.fewObjects)}; lower BENCH_STORAGE_ROUNDS or BENCH_STORAGE_PER_BLOCK`);
  }
  const started = performance.now();
  const loadAtStart = os.loadavg();
  const fixture = await makeSmallFixture(await tempDir('fixtures'));
  log(`storage: starting redis, embedded database, folder store, gateway and 1 worker (load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')})`);
  const service = await startService(1);
  onCleanup('client sockets', async () => agent.destroy());
  const key = await createKey(service.baseUrl);

  log(`storage: uploading ${mediaCount} copies of the ${fixture.label}`);
  const mediaIds: string[] = [];
  for (let i = 0; i < mediaCount; i++) {
    const result = await upload(service.baseUrl, key, { name: fixture.name, contentType: fixture.contentType, bytes: fixture.bytes });
    expectStatus(result, 201, `upload of the ${fixture.label}`);
    mediaIds.push((JSON.parse(result.body) as { id: string }).id);
  }

  const parked = await tempDir('parked');
  const sizes: StoreSize[] = [
    { label: 'few', objects: settings.fewObjects, filler: new VariantFiller(path.join(parked, 'few')) },
    { label: 'many', objects: settings.manyObjects, filler: new VariantFiller(path.join(parked, 'many')) },
  ];
  log(`storage: ${settings.warmup} warm-up deletes, then ${settings.rounds} rounds of ${settings.perBlock} sequential deletes with ${settings.fewObjects} and with ${settings.manyObjects} stored objects`);
  const meter = startForeignLoad();
  const latency = await measureDeleteLatency({ baseUrl: service.baseUrl, key, storeRoot: path.join(service.dataDir, 'objects'), mediaIds }, sizes, log);
  const load = meter.stop();
  if (load.foreignCores > 0.25) log(`note: other programs used ${load.foreignCores} cores meanwhile — figures may be disturbed`);

  const ratio = latency.many.p50Ms / latency.few.p50Ms;
  const verdicts: Verdict[] = [
    {
      name: `8  DELETE p50 ms, ${settings.manyObjects} ÷ ${settings.fewObjects} stored objects`,
      service: latency.many.p50Ms,
      reference: latency.few.p50Ms,
      value: round(ratio, 3),
      unit: '×',
      target: `≤ ${BENCH.targets.deleteRatio}`,
      pass: ratio <= BENCH.targets.deleteRatio,
    },
  ];
  const totalSeconds = round((performance.now() - started) / 1000, 1);
  process.stdout.write(
    `\nStorage benchmark — folder store, embedded database, ${latency.few.deletes + latency.many.deletes} sequential DELETE /v1/media/{id}\n\n` +
      `${summaryTable(verdicts)}\n` +
      `p90 ms: ${settings.manyObjects} objects ${latency.many.p90Ms}, ${settings.fewObjects} objects ${latency.few.p90Ms}; other programs' CPU meanwhile ${load.foreignCores} cores\n\n`,
  );
  const file = await writeResults('storage.json', {
    date: new Date().toISOString(),
    machine: { node: process.version, cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
    settings,
    verdicts,
    latency,
    foreignLoadCores: load.foreignCores,
    totalSeconds,
  });
  log(`wrote ${file}; storage total ${totalSeconds} s`);
}
