import request from 'supertest';
import { rasterImage } from '../fixtures/images';
import { DatabaseProxy, startDatabaseProxy } from '../harness/database-proxy';
import { sleep, waitUntil } from '../harness/eventually';
import { recoveryMs, undocumented } from './support/delivery-figures';
import { startStreamService, StreamService } from './support/stream-service';
import { settledMedia } from './support/settled-media';
import { createStreamAccounts } from './support/stream-key';
import { countByStatus, uploadStream } from './support/upload-stream';

const DOWN_MS = 10_000;
/** Every upload ends (201, 202 or a documented error) within this, outage or not. */
const REQUEST_BOUND_MS = 20_000;
const READY_REPORT_BOUND_MS = 5_000;

/** What /health/ready says about the database: 'up', 'down', or 'no answer'. */
async function databaseHealth(baseUrl: string): Promise<string> {
  const response = await request(baseUrl).get('/health/ready').timeout(READY_REPORT_BOUND_MS).then((r) => r, () => undefined);
  const report = response?.body?.details ?? response?.body?.error;
  return report?.database?.status ?? 'no answer';
}

/**
 * The database restarting, as the service sees it: every connection of both gateways and both workers
 * (through a TCP proxy) cut at once, new ones refused for DOWN_MS, then accepted again. The harness's own
 * queries go straight to the database.
 */
describe('database restarting during uploads', () => {
  let database: DatabaseProxy;
  let stack: StreamService;

  beforeAll(async () => {
    database = await startDatabaseProxy();
    // The folder store: this scenario is about the database (the storage-outage scenario covers S3).
    stack = await startStreamService(2, { storage: 'fs', env: { DATABASE_URL: database.url, JOB_WAIT_TIMEOUT_MS: '15000' } });
  });
  afterAll(async () => {
    await stack?.stop();
    await database?.proxy.close();
  });

  it('answers documented errors within the bound while it is down and recovers by itself', async () => {
    const accounts = await createStreamAccounts(stack.service.baseUrl);
    const photo = await rasterImage('jpeg', 1600, 1200);
    let done = false;
    const stream = uploadStream({ gateways: stack.gateways, key: accounts.keyFor, file: photo, filename: (i) => `db-${i}.jpg`, count: 100_000, concurrency: 3, until: () => done, pauseAfterFailureMs: 200 });

    await sleep(3000);
    const cutAt = Date.now();
    database.proxy.cutNow();
    const reportedDown = await waitUntil(async () => (await databaseHealth(stack.service.baseUrl)) === 'down', READY_REPORT_BOUND_MS);
    const downReportMs = Date.now() - cutAt;
    await sleep(cutAt + DOWN_MS - Date.now());
    database.proxy.heal();
    const healedAt = Date.now();
    const reportedUp = await waitUntil(async () => (await databaseHealth(stack.service.baseUrl)) === 'up', 30_000);
    const upReportMs = Date.now() - healedAt;
    await sleep(healedAt + 15_000 - Date.now());
    done = true;
    const outcomes = await stream;

    const { ready, processing, withoutOriginal } = await settledMedia(accounts.accountIds, stack.service.store);
    const bad = undocumented(outcomes);
    const recovery = recoveryMs(outcomes, healedAt);
    const afterRecovery = outcomes.filter((o) => recovery >= 0 && o.startedAt >= healedAt + recovery);
    const duringCut = outcomes.filter((o) => o.startedAt + o.ms >= cutAt && o.startedAt < healedAt);
    const failedWhileDown = duringCut.filter((o) => !o.delivered);
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    console.log(
      `database cut ${DOWN_MS / 1000} s: ${outcomes.length} uploads, statuses ${JSON.stringify(countByStatus(outcomes))}, ` +
        `${duringCut.length} in flight during the cut (${failedWhileDown.length} answered a documented error, the rest 201 after waiting it out), undocumented ${bad.length}, slowest ${slowest} ms, ` +
        `/health/ready database down after ${downReportMs} ms and up ${upReportMs} ms after the heal, first 201 ${recovery} ms after the heal, ` +
        `${afterRecovery.filter((o) => o.delivered).length}/${afterRecovery.length} delivered after it, ready rows ${ready.length} all checked, ` +
        `without their object ${withoutOriginal.length}, processing left ${processing.length}`,
    );
    expect(bad.map((o) => [o.name, o.status, o.body])).toEqual([]);
    expect(slowest).toBeLessThan(REQUEST_BOUND_MS);
    // Uploads met the cut. Whether any of them answers an error depends on where each one was when it
    // came: one waiting on its job sees the worker retry its final write and answers 201 after the heal.
    expect(duringCut.length).toBeGreaterThan(0);
    expect(reportedDown).toBe(true);
    expect(reportedUp).toBe(true);
    expect(recovery).toBeGreaterThanOrEqual(0);
    expect(recovery).toBeLessThan(30_000);
    expect(afterRecovery.length).toBeGreaterThan(0);
    expect(afterRecovery.filter((o) => !o.delivered).map((o) => [o.name, o.status, o.body])).toEqual([]);
    expect(withoutOriginal).toEqual([]);
    expect(processing).toEqual([]);
  });
});
