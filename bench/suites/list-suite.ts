import * as os from 'os';
import { Client } from 'pg';
import { createAccountKey } from '../client/api';
import { agent } from '../client/http';
import { BENCH } from '../config';
import { explainListPage } from '../diagnostics/list-plan';
import { countTagged, seedMediaRows } from '../fixtures/media-rows';
import { onCleanup } from '../infra/cleanup';
import { startDatabase, startPostgresDatabase } from '../infra/database';
import { startService } from '../infra/service';
import { round } from '../measure/stats';
import { listVerdicts, planSummary } from '../report/list-summary';
import { writeResults } from '../report/results-file';
import { summaryTable } from '../report/summary';
import { ListAccount, measureListLatency } from '../scenarios/list-latency';
import type { Log } from './log';

async function accountOfKey(databaseUrl: string, keyId: string): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query<{ account_id: string }>('SELECT account_id FROM api_keys WHERE id = $1', [keyId])).rows[0].account_id;
  } finally {
    await db.end();
  }
}

/**
 * The list benchmark: p50 of a first page filtered by one tag for an account with many media among
 * many rows, ÷ the same for an account with few. On PostgreSQL when DATABASE_URL is set (a fresh
 * database, dropped afterwards), else on the embedded database, which holds a million rows in ~2 GB.
 */
export async function runListSuite(log: Log): Promise<void> {
  const settings = BENCH.list;
  const serverUrl = process.env.DATABASE_URL;
  const started = performance.now();
  const loadAtStart = os.loadavg();
  const where = serverUrl ? 'a fresh PostgreSQL database' : 'the embedded database';
  log(`list: starting redis, ${where}, gateway and 1 worker (load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')})`);
  const service = await startService(1, serverUrl ? () => startPostgresDatabase(serverUrl) : startDatabase);
  onCleanup('client sockets', async () => agent.destroy());

  const [big, small] = [await createAccountKey(service.baseUrl), await createAccountKey(service.baseUrl)];
  const [bigAccountId, smallAccountId] = [await accountOfKey(service.databaseUrl, big.keyId), await accountOfKey(service.databaseUrl, small.keyId)];
  log(`list: seeding ${settings.totalRows} media (${settings.bigAccountRows} + ${settings.smallAccountRows} measured, the rest over ${settings.fillerAccounts} other accounts) with one INSERT … generate_series`);
  const seeding = await seedMediaRows(service.databaseUrl, { ...settings, bigAccountId, smallAccountId }).catch((error: Error) => {
    if (serverUrl) throw error;
    log(`list benchmark skipped: the embedded database could not hold ${settings.totalRows} media rows (${error.message}); run it on PostgreSQL with DATABASE_URL`);
    return undefined;
  });
  if (!seeding) return;
  log(`list: inserted in ${seeding.insertSeconds.toFixed(1)} s, VACUUM ANALYZE in ${seeding.vacuumSeconds.toFixed(1)} s`);

  const tagged = { big: await countTagged(service.databaseUrl, bigAccountId, settings.tag), small: await countTagged(service.databaseUrl, smallAccountId, settings.tag) };
  const accounts: ListAccount[] = [
    { label: 'big', key: big.key, expectedItems: Math.min(settings.limit, tagged.big) },
    { label: 'small', key: small.key, expectedItems: Math.min(settings.limit, tagged.small) },
  ];
  const path = `/v1/media?tags=${settings.tag}&limit=${settings.limit}`;
  log(`list: GET ${path}: ${settings.warmup} warm-up + ${settings.requests} sequential requests per account (${tagged.big} and ${tagged.small} media carry the tag)`);
  const latency = await measureListLatency(service.baseUrl, path, accounts).catch((error: Error) => {
    throw new Error(`${error.message}\ngateway output:\n${service.gateway.output().slice(-4000)}`);
  });

  const filter = { tags: [settings.tag], tagMode: 'any' as const };
  const bigPlan = await explainListPage(service.databaseUrl, { ...filter, accountId: bigAccountId }, settings.limit);
  const smallPlan = await explainListPage(service.databaseUrl, { ...filter, accountId: smallAccountId }, settings.limit);
  const figures = { big: latency.big, small: latency.small, bigPlan, smallPlan };
  const list = listVerdicts(figures);
  if (bigPlan.seqScan || !bigPlan.indexes.length) list.push({ name: '5b list page plan uses an index', service: 0, reference: 0, value: 0, unit: '', target: 'no Seq Scan', pass: false });

  const totalSeconds = round((performance.now() - started) / 1000, 1);
  process.stdout.write(
    `\nList benchmark — ${service.databaseKind === 'postgresql' ? 'PostgreSQL' : 'embedded database (PGlite)'}, ${settings.totalRows} media rows, GET ${path}, ${settings.requests} sequential requests per account\n\n` +
      `${summaryTable(list)}\n` +
      `p90 ms: big ${latency.big.p90Ms}, small ${latency.small.p90Ms}; items per page: big ${latency.big.items}, small ${latency.small.items}\n` +
      `${planSummary('big account plan', bigPlan)}\n${planSummary('small account plan', smallPlan)}\n\n` +
      `EXPLAIN (ANALYZE, BUFFERS) of the big account's page:\n${bigPlan.plan}\n\n`,
  );
  const file = await writeResults('list.json', {
    date: new Date().toISOString(),
    machine: { node: process.version, cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
    database: service.databaseKind,
    settings,
    seeding,
    tagged,
    verdicts: list,
    figures,
    totalSeconds,
  });
  log(`wrote ${file}; list total ${totalSeconds} s`);
}
