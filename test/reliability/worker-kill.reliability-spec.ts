import { createStreamAccounts } from './support/stream-key';
import { freePort } from '../harness/free-port';
import { waitUntil } from '../harness/eventually';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../harness/worker-process';
import { cameraJpeg } from './support/camera-jpeg';
import { countByStatus, uploadStream } from './support/upload-stream';
import { WorkerSupervisor } from './support/worker-supervisor';

const KILLS = 20;
/** The stream goes on until the last kill, and at least this long. */
const MIN_UPLOADS = 200;
const WORKERS = 2;
// Short locks so a dead worker's jobs are handed out again within seconds.
const LOCK_DURATION_MS = 4000;
const STALLED_INTERVAL_MS = 2000;
const JOB_STARTED = /"msg":"job started"/;

/**
 * `kill -9` of a worker in the middle of its jobs, again and again, while camera-sized JPEGs (EXIF
 * orientation, so each is re-encoded) stream in through two gateways; a supervisor replaces each dead
 * worker, as an orchestrator would. Nothing may be lost or stored twice, and nothing left processing.
 */
/** The first of `workers` whose log shows a job started from now on. */
async function workerRunningAJob(workers: WorkerProcess[], timeoutMs: number): Promise<WorkerProcess> {
  const marks = new Map(workers.map((worker) => [worker, worker.output().length]));
  let found: WorkerProcess | undefined;
  const seen = await waitUntil(() => {
    found = workers.find((worker) => JOB_STARTED.test(worker.output().slice(marks.get(worker))));
    return found !== undefined;
  }, timeoutMs);
  if (!seen || !found) throw new Error(`no worker started a job within ${timeoutMs} ms:\n${workers.map((w) => w.output().slice(-1500)).join('\n---\n')}`);
  return found;
}

describe('workers killed mid-job', () => {
  let service: TestService;
  let supervisor: WorkerSupervisor | undefined;
  let gateway: WorkerProcess;
  let gatewayUrl: string;

  beforeAll(async () => {
    service = await startTestService({
      workers: 0,
      env: { LOCK_DURATION_MS: String(LOCK_DURATION_MS), STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS), JOB_WAIT_TIMEOUT_MS: '20000' },
    });
    const port = await freePort();
    gateway = await startGatewayProcess({ ...service.env, PORT: String(port) });
    gatewayUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    supervisor?.release();
    await gateway?.stop();
    await service?.stop();
  });

  it(`loses nothing, stores nothing twice and leaves nothing processing over ${KILLS} kills`, async () => {
    const accounts = await createStreamAccounts(service.baseUrl);
    const { accountIds } = accounts;
    const photo = await cameraJpeg();
    supervisor = new WorkerSupervisor(() => service.startWorker(), WORKERS);
    await supervisor.fill();

    let kills = 0;
    const recoveries: number[] = [];
    const stream = uploadStream({
      gateways: [service.baseUrl, gatewayUrl],
      key: accounts.keyFor,
      file: photo,
      filename: (i) => `camera-${i}.jpg`,
      count: 4000,
      concurrency: 4,
      until: (sent) => kills >= KILLS && sent >= MIN_UPLOADS,
    });

    const started = Date.now();
    for (let round = 0; round < KILLS; round++) {
      const victim = await workerRunningAJob(supervisor.live, 30_000);
      const killedAt = Date.now();
      victim.process.kill('SIGKILL');
      // Every row processing at the kill, whichever worker had it: the victim may have taken a job it had
      // not logged yet, and a second kill of that job would be the test's doing (a second stall fails it).
      const held = (await sql<{ id: string }>('SELECT id FROM media WHERE account_id = ANY($1) AND status = $2', [accountIds, 'processing'])).map((row) => row.id);
      expect(await supervisor.backToSize(30_000)).toBe(true);
      // The next kill waits for the jobs this one may have interrupted, so no job is stalled twice by the test.
      const recovered = await waitUntil(async () => (await sql('SELECT 1 FROM media WHERE id = ANY($1) AND status = $2', [held, 'processing'])).length === 0, 60_000);
      expect(recovered).toBe(true);
      recoveries.push(Date.now() - killedAt);
      kills++;
    }
    const outcomes = await stream;
    supervisor.release();

    await new Promise((resolve) => setTimeout(resolve, LOCK_DURATION_MS + STALLED_INTERVAL_MS));
    const rows = await sql<{ name: string; status: string }>('SELECT name, status FROM media WHERE account_id = ANY($1)', [accountIds]);
    const perName = new Map<string, number>();
    for (const row of rows) perName.set(row.name, (perName.get(row.name) ?? 0) + 1);
    const duplicates = [...perName.values()].filter((n) => n > 1).length;
    const stillProcessing = rows.filter((row) => row.status === 'processing').length;
    const lost = outcomes.filter((outcome) => !outcome.delivered);

    console.log(
      `worker kill -9: ${kills} kills of ${WORKERS} workers, ${outcomes.length} uploads of a ${Math.round(photo.length / 1024)} KiB 6 MP JPEG ` +
        `in ${Math.round((Date.now() - started) / 1000)} s, statuses ${JSON.stringify(countByStatus(outcomes))}, ` +
        `${outcomes.filter((o) => o.polled).length} polled after 202, lost ${lost.length}, duplicates ${duplicates}, processing left ${stillProcessing}, ` +
        `restarts ${supervisor.restarts}, recovery after a kill max ${Math.max(...recoveries)} ms`,
    );
    expect(outcomes.length).toBeGreaterThanOrEqual(MIN_UPLOADS);
    expect(lost.map((o) => [o.name, o.status, o.body])).toEqual([]);
    expect(duplicates).toBe(0);
    expect(stillProcessing).toBe(0);
    expect(rows).toHaveLength(outcomes.length);
    expect(supervisor.restarts).toBe(KILLS);
    expect(supervisor.live).toHaveLength(WORKERS);
    // Each round waits out the lock and the stalled check (about 6 s): 20 rounds take about two minutes quiet.
  }, 300_000);
});
