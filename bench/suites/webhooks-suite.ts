import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import { createKey, expectStatus, upload } from '../client/api';
import { agent, send } from '../client/http';
import { BENCH } from '../config';
import { makeFixtures } from '../fixtures/images';
import { onCleanup } from '../infra/cleanup';
import { startService } from '../infra/service';
import { tempDir } from '../infra/temp-dir';
import { startForeignLoad } from '../measure/foreign-load';
import { combine, perSecond, PoolRun, runPool } from '../measure/pool';
import { round } from '../measure/stats';
import { writeResults } from '../report/results-file';
import { summaryTable, Verdict } from '../report/summary';
import type { Log } from './log';

/** A receiver on loopback that answers every delivery 204 and counts them. */
async function startReceiver(): Promise<{ url: string; received: () => number }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup('webhook receiver', () => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received: () => received };
}

/**
 * The webhooks benchmark: keyed uploads/s of the 12 MP camera JPEG by an account whose media.ready (and other)
 * events go to a receiver, ÷ by an account with no endpoint, in alternating rounds on one service. Every
 * delivery is waited for at the end, so the cost of the relay and the deliveries is inside the run.
 */
export async function runWebhooksSuite(log: Log): Promise<void> {
  const settings = BENCH.webhooks;
  const started = performance.now();
  const loadAtStart = os.loadavg();
  const { camera } = await makeFixtures(await tempDir('fixtures'));
  const receiver = await startReceiver();
  log(`webhooks: starting redis, embedded database, folder store, gateway and 1 worker (load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')})`);
  const service = await startService(BENCH.workerConcurrency);
  onCleanup('client sockets', async () => agent.destroy());
  const plain = await createKey(service.baseUrl);
  const hooked = await createKey(service.baseUrl);
  const body = JSON.stringify({ url: receiver.url });
  const created = await send(
    `${service.baseUrl}/v1/webhooks`,
    { method: 'POST', headers: { Authorization: `Bearer ${hooked}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
    (req) => req.end(body),
  );
  expectStatus(created, 201, 'POST /v1/webhooks');

  const file = { name: camera.name, contentType: camera.contentType, bytes: camera.bytes };
  const uploadAs = (key: string) => async () => expectStatus(await upload(service.baseUrl, key, file), 201, `upload of the ${camera.label}`);
  log(`webhooks: ${settings.warmup} warm-up uploads each, then ${settings.count} each in ${settings.rounds} alternating rounds at concurrency ${BENCH.clientConcurrency}`);
  await runPool(settings.warmup, 1, uploadAs(plain));
  await runPool(settings.warmup, 1, uploadAs(hooked));
  const meter = startForeignLoad();
  const runs: Record<'without' | 'with', PoolRun[]> = { without: [], with: [] };
  for (let r = 0; r < settings.rounds; r++) {
    const count = Math.floor(settings.count / settings.rounds) + (r < settings.count % settings.rounds ? 1 : 0);
    // Each side goes first every other round, so neither always inherits the other's leftover deliveries.
    const sides: ['without' | 'with', string][] = r % 2 ? [['with', hooked], ['without', plain]] : [['without', plain], ['with', hooked]];
    for (const [side, key] of sides) runs[side].push(await runPool(count, BENCH.clientConcurrency, uploadAs(key), service.pids()));
  }
  const load = meter.stop();
  if (load.foreignCores > 0.25) log(`note: other programs used ${load.foreignCores} cores meanwhile — figures may be disturbed`);
  const expected = settings.warmup + settings.count;
  const deadline = Date.now() + 60_000;
  while (receiver.received() < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (receiver.received() < expected) throw new Error(`webhooks: ${receiver.received()} of ${expected} media.ready deliveries arrived within a minute`);

  const without = perSecond(combine(runs.without));
  const withHook = perSecond(combine(runs.with));
  const ratio = withHook / without;
  const verdicts: Verdict[] = [
    {
      name: '9  12 MP camera JPEG uploads/s, webhook attached ÷ none',
      service: round(withHook, 3),
      reference: round(without, 3),
      value: round(ratio, 3),
      unit: '×',
      target: `≥ ${BENCH.targets.webhookRatio}`,
      pass: ratio >= BENCH.targets.webhookRatio,
    },
  ];
  const totalSeconds = round((performance.now() - started) / 1000, 1);
  process.stdout.write(
    `\nWebhooks benchmark — embedded database, gateway + 1 worker, ${settings.count} uploads per side, every delivery received (${receiver.received()})\n\n` +
      `${summaryTable(verdicts)}\nother programs' CPU meanwhile ${load.foreignCores} cores\n\n`,
  );
  const written = await writeResults('webhooks.json', {
    date: new Date().toISOString(),
    machine: { node: process.version, cores: os.availableParallelism(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
    settings,
    verdicts,
    foreignLoadCores: load.foreignCores,
    totalSeconds,
  });
  log(`wrote ${written}; webhooks total ${totalSeconds} s`);
}
