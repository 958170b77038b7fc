import * as os from 'os';
import { createKey, expectStatus, upload } from '../client/api';
import { agent } from '../client/http';
import { BENCH } from '../config';
import { makeSmallFixture } from '../fixtures/images';
import { onCleanup, runCleanup } from '../infra/cleanup';
import { startService } from '../infra/service';
import { tempDir } from '../infra/temp-dir';
import { runPool } from '../measure/pool';
import { writeResults } from '../report/results-file';
import { formatTable } from '../report/table';
import { JobEventCost, measureJobEventCost } from '../scenarios/job-event-cost';
import type { Log } from './log';

/**
 * What a gateway pays for other gateways' jobs: 1 gateway, then N gateways (4 by default) against one
 * Redis, embedded database, folder store and worker; small uploads go to the first gateway only. Prints the
 * busy gateway's CPU per upload and each idle gateway's CPU per 1,000 of those jobs.
 */
export async function runGatewaysSuite(log: Log): Promise<void> {
  const started = performance.now();
  const settings = BENCH.gateways;
  const loadAtStart = os.loadavg();
  const results: JobEventCost[] = [];
  for (const [index, gateways] of settings.layouts.entries()) {
    if (index > 0) await runCleanup();
    const small = await makeSmallFixture(await tempDir('fixtures'));
    log(`gateways: starting redis, embedded database, ${gateways} gateway(s) and 1 worker`);
    // Many fresh accounts from one address: lift the per-address key limit.
    const service = await startService(BENCH.workerConcurrency, undefined, { gateways, env: { RATE_LIMIT_KEYS_PER_IP: '100000' } });
    onCleanup('client sockets', async () => agent.destroy());
    const warmKey = await createKey(service.baseUrl);
    const file = { name: small.name, contentType: small.contentType, bytes: small.bytes };
    await runPool(settings.warmup, settings.concurrency, async () => expectStatus(await upload(service.baseUrl, warmKey, file), 201, 'warm-up upload'));
    log(`gateways: ${settings.jobs} uploads of the ${small.label} to gateway 1 of ${gateways} at concurrency ${settings.concurrency}`);
    const figure = await measureJobEventCost(service, small, settings.jobs, settings.concurrency, settings.quietSeconds);
    if (figure.foreignCores > 0.25) log(`note: other programs used ${figure.foreignCores} cores meanwhile — figures may be disturbed`);
    results.push(figure);
  }
  const list = (values: number[]) => (values.length ? values.join(' / ') : '—');
  const table = formatTable(
    ['gateways', 'uploads/s', 'busy gateway ms/upload', 'idle gateways ms/1000 jobs', 'same minus quiet background', 'idle quiet ms/s', 'redis ms/upload', 'other programs (cores)'],
    results.map((r) => [
      String(r.gateways),
      String(r.uploadsPerSecond),
      String(r.busyGatewayMsPerUpload),
      list(r.idleGatewayMsPer1000Jobs),
      list(r.idleGatewayExcessMsPer1000Jobs),
      list(r.idleGatewayQuietMsPerSecond),
      String(r.redisMsPerUpload),
      String(r.foreignCores),
    ]),
  );
  const totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
  process.stdout.write(`\nGateways benchmark — ${settings.jobs} small uploads to one gateway, 1 worker, embedded database, ${os.availableParallelism()} cores\n\n${table}\n\n`);
  const out = await writeResults('gateways.json', {
    date: new Date().toISOString(),
    machine: { node: process.version, cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
    settings,
    results,
    totalSeconds,
  });
  log(`wrote ${out}; gateways total ${totalSeconds} s`);
}
