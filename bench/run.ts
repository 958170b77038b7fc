/**
 * `npm run bench [-- upload|list|delivery|gateways|workers|storage|placeholders|dedup …]`: the benchmark suites, each in one run (all of them without
 * arguments). Every suite starts its own Redis, database, folder store, gateway and worker, prints a
 * table of ratios and writes bench/results/<suite>.json; what it started is stopped, and every temp
 * folder removed, before the next suite and at the end.
 */
import { installCleanupHandlers, runCleanup, wasInterrupted } from './infra/cleanup';
import { runDedupSuite } from './suites/dedup-suite';
import { runDeliverySuite } from './suites/delivery-suite';
import { runGatewaysSuite } from './suites/gateways-suite';
import { runListSuite } from './suites/list-suite';
import { runPlaceholdersSuite } from './suites/placeholders-suite';
import { runStorageSuite } from './suites/storage-suite';
import { runUploadSuite } from './suites/upload-suite';
import { runWorkersSuite } from './suites/workers-suite';
import { runWebhooksSuite } from './suites/webhooks-suite';
import type { Log } from './suites/log';

const SUITES: Record<string, (log: Log) => Promise<void>> = { upload: runUploadSuite, list: runListSuite, delivery: runDeliverySuite, gateways: runGatewaysSuite, workers: runWorkersSuite, storage: runStorageSuite, placeholders: runPlaceholdersSuite, dedup: runDedupSuite, webhooks: runWebhooksSuite };

const started = performance.now();
const log: Log = (message) => process.stdout.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in SUITES));
  if (unknown.length) throw new Error(`unknown suite ${unknown.join(', ')}; choose from ${Object.keys(SUITES).join(', ')}`);
  installCleanupHandlers();
  for (const name of names.length ? names : Object.keys(SUITES)) {
    await SUITES[name](log);
    await runCleanup();
  }
}

main()
  .then(
    () => 0,
    (error) => {
      if (wasInterrupted()) return 130;
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
      return 1;
    },
  )
  .then(async (code) => {
    log('cleaning up');
    await runCleanup();
    process.exit(code);
  });
