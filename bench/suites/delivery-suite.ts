import * as os from 'os';
import * as path from 'path';
import { variantKey } from '@app/storage';
import { createKey, expectStatus, upload } from '../client/api';
import { agent } from '../client/http';
import { timedGet } from '../client/timed-get';
import { BENCH } from '../config';
import { makeFixtures } from '../fixtures/images';
import { startBareFileServer } from '../infra/bare-file-server';
import { startDatabase, startPostgresDatabase } from '../infra/database';
import { onCleanup } from '../infra/cleanup';
import { startService } from '../infra/service';
import { tempDir } from '../infra/temp-dir';
import { ForeignLoad, startForeignLoad } from '../measure/foreign-load';
import { round } from '../measure/stats';
import { deliveryDetails, deliveryVerdicts } from '../report/delivery-summary';
import { writeResults } from '../report/results-file';
import { summaryTable } from '../report/summary';
import { measureCachedVariantThroughput } from '../scenarios/cached-variant-throughput';
import { firstRenderMediaCount, measureFirstRender } from '../scenarios/first-render';

/** A public media's `?size=m` JPEG URL, from the `src` the upload answered. */
const mediumJpeg = (src: string, baseUrl: string): { url: string; id: string } => {
  const { pathname } = new URL(src);
  const id = path.basename(pathname).replace(/\.[a-z]+$/, '');
  return { url: `${baseUrl}${pathname.replace(/\.[a-z]+$/, '.jpg')}?size=m`, id };
};

/**
 * The delivery benchmark: a cached `?size=m` variant through the gateway ÷ a bare node:http server
 * streaming the stored file (full answers and If-None-Match 304s), and the first render's time to first
 * byte ÷ a bare sharp resize. On PostgreSQL when DATABASE_URL is set (a fresh database on that server),
 * else on the embedded database.
 */
export async function runDeliverySuite(log: (message: string) => void): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg();
  const settings = BENCH.delivery;
  const { photo } = await makeFixtures(await tempDir('fixtures'));
  const serverUrl = process.env.DATABASE_URL;
  const databaseKind = serverUrl ? 'PostgreSQL' : 'embedded';
  log(`delivery: starting redis, ${databaseKind} database, gateway and 1 worker (load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')})`);
  const service = await startService(BENCH.workerConcurrency, serverUrl ? () => startPostgresDatabase(serverUrl) : startDatabase);
  onCleanup('client sockets', async () => agent.destroy());
  const key = await createKey(service.baseUrl);

  log(`delivery: uploading ${firstRenderMediaCount()} copies of the ${photo.label} (${photo.width}×${photo.height})`);
  const variants: { url: string; id: string }[] = [];
  for (let i = 0; i < firstRenderMediaCount(); i++) {
    const result = await upload(service.baseUrl, key, { name: photo.name, contentType: photo.contentType, bytes: photo.bytes });
    expectStatus(result, 201, `upload of the ${photo.label}`);
    variants.push(mediumJpeg((JSON.parse(result.body) as { src: string }).src, service.baseUrl));
  }

  const load: Record<string, ForeignLoad> = {};
  let meter = startForeignLoad();
  const firstRender = await measureFirstRender(variants.map((v) => v.url), photo, log);
  load['first render'] = meter.stop();

  // The warm-up render's variant is cached now: the gateway serves it from storage, the bare server the same file.
  const cached = variants[0];
  const stored = path.join(service.dataDir, 'objects', variantKey(cached.id, 'm', 'jpg'));
  const answer = (await timedGet(cached.url)).headers;
  const representation = { 'Content-Type': 'content-type', ETag: 'etag', 'Last-Modified': 'last-modified', 'Cache-Control': 'cache-control', 'X-Content-Type-Options': 'x-content-type-options', 'Accept-Ranges': 'accept-ranges' };
  const bare = await startBareFileServer(stored, Object.fromEntries(Object.entries(representation).map(([name, header]) => [name, String(answer[header])])));
  meter = startForeignLoad();
  const throughput = await measureCachedVariantThroughput(
    cached.url,
    bare,
    { gateway: service.pids(), bare: { bench: process.pid, bare: bare.pid } },
    log,
  );
  load['cached variant'] = meter.stop();
  for (const [name, l] of Object.entries(load)) if (l.foreignCores > 0.25) log(`note: other programs used ${l.foreignCores} cores during "${name}" — figures may be disturbed`);

  const figures = { throughput, firstRender };
  const list = deliveryVerdicts(figures);
  const totalSeconds = round((performance.now() - started) / 1000, 1);
  process.stdout.write(
    `\nDelivery benchmark — ${databaseKind} database, 1 gateway + 1 worker, folder store, autocannon (own process) ${settings.connections} connections, ${os.availableParallelism()} cores\n\n` +
      `${summaryTable(list)}\n${deliveryDetails(figures)}\n` +
      `Other programs' CPU meanwhile (cores): ${Object.entries(load).map(([name, l]) => `${name} ${l.foreignCores}`).join(', ')}\n\n`,
  );
  const file = await writeResults('delivery.json', {
    date: new Date().toISOString(),
    database: databaseKind,
    machine: { node: process.version, cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
    settings,
    verdicts: list,
    figures,
    foreignLoadCores: load,
    totalSeconds,
  });
  log(`wrote ${file}; delivery total ${totalSeconds} s`);
}
