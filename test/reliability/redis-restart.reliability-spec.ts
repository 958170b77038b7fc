import { startRedis, TestRedis } from '../harness/redis-server';
import { cameraJpeg } from './support/camera-jpeg';
import { recoveryMs, undocumented } from './support/delivery-figures';
import { settledMedia } from './support/settled-media';
import { createStreamAccounts } from './support/stream-key';
import { startStreamService, StreamService } from './support/stream-service';
import { countByStatus, uploadStream } from './support/upload-stream';
import { sleep } from '../harness/eventually';

const JOB_WAIT_TIMEOUT_MS = 20_000;
const DOWN_MS = 8000;
// An answer takes at most the job wait plus the 5 s bound on queueing the job, plus room for this loaded machine.
const SLOWEST_BOUND_MS = JOB_WAIT_TIMEOUT_MS + 5000 + 10_000;
const RECOVERY_BOUND_MS = 30_000;
// Short, so the sweep re-queues the jobs Redis lost within this scenario's time.
const SWEEP_INTERVAL_MS = 2000;
const LOST_JOB_GRACE_MS = 10_000;

/** How many jobs a worker's sweeps queued again, from its 'sweep done' log lines. */
const requeuedBySweep = (output: string) => [...output.matchAll(/"requeued":(\d+)[^\n]*"msg":"sweep done"/g)].reduce((sum, [, n]) => sum + Number(n), 0);

/**
 * `kill -9` of Redis (no persistence, so every job and its history is lost) for 8 s under a stream of
 * uploads through two gateways and two workers, then a new Redis on the same port. Every upload ends
 * 201 (possibly after 202 and polling) or a documented JSON error within a bound; uploads succeed again
 * within 30 s without restarting anything, the uploads whose jobs Redis lost are delivered anyway, and
 * every ready media has its stored original.
 */
describe('Redis killed and restarted during a stream of uploads', () => {
  let redis: TestRedis;
  let stream: StreamService;

  beforeAll(async () => {
    redis = await startRedis();
    stream = await startStreamService(2, {
      env: {
        REDIS_URL: redis.url,
        RATE_LIMIT_REDIS_URL: redis.url,
        JOB_WAIT_TIMEOUT_MS: String(JOB_WAIT_TIMEOUT_MS),
        SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
        LOST_JOB_GRACE_MS: String(LOST_JOB_GRACE_MS),
        // Fewer job slots than uploads in flight, so jobs wait in Redis and some are lost with it.
        WORKER_CONCURRENCY: '1',
      },
    });
  });
  afterAll(async () => {
    await stream?.stop();
    await redis?.stop();
  });

  it('answers every upload with 201 or a documented error in bounded time and recovers by itself', async () => {
    const accounts = await createStreamAccounts(stream.service.baseUrl);
    // Smaller than the other scenarios' 6 MP photo, so enough uploads run through the outage on 2 cores.
    const photo = await cameraJpeg(1200, 800);
    let done = false;
    const uploads = uploadStream({
      gateways: stream.gateways,
      key: accounts.keyFor,
      file: photo,
      filename: (i) => `redis-${i}.jpg`,
      count: 2000,
      concurrency: 6,
      until: () => done,
      pollTimeoutMs: 60_000,
    });

    await sleep(5000);
    const killedAt = Date.now();
    redis.process.kill('SIGKILL');
    await sleep(DOWN_MS);
    redis = await startRedis(redis.port);
    const restartedAt = Date.now();
    // Long enough after the restart to see uploads delivered again, and the lost jobs recovered.
    await sleep(15_000);
    done = true;
    const outcomes = await uploads;

    const { rows, processing, withoutOriginal: missingOriginals } = await settledMedia(accounts.accountIds, stream.service.store);
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    const recovery = recoveryMs(outcomes, restartedAt);
    const polled = outcomes.filter((o) => o.polled);
    const undelivered202 = polled.filter((o) => !o.delivered);
    const bad = undocumented(outcomes);
    const requeued = stream.service.workers.reduce((sum, worker) => sum + requeuedBySweep(worker.output()), 0);

    console.log(
      `Redis kill -9 for ${DOWN_MS / 1000} s (no persistence) under ${outcomes.length} uploads of a ${Math.round(photo.length / 1024)} KiB JPEG ` +
        `through 2 gateways and 2 workers: statuses ${JSON.stringify(countByStatus(outcomes))}, ${polled.length} polled after 202 ` +
        `(${undelivered202.length} never ready), undocumented ${bad.length}, slowest answer ${slowest} ms, ` +
        `201 again ${recovery} ms after the restart, ${requeued} lost jobs queued again by the sweep, ` +
        `processing left ${processing.length}, ready without their original ${missingOriginals.length}`,
    );
    expect(bad.map((o) => [o.name, o.status, o.body])).toEqual([]);
    expect(outcomes.filter((o) => o.ms > SLOWEST_BOUND_MS).map((o) => [o.name, o.status, o.ms, o.startedAt - killedAt])).toEqual([]);
    expect(recovery).toBeGreaterThanOrEqual(0);
    expect(recovery).toBeLessThan(RECOVERY_BOUND_MS);
    expect(undelivered202.map((o) => [o.name, o.body.id])).toEqual([]);
    expect(processing).toEqual([]);
    expect(missingOriginals).toEqual([]);
    expect(rows).toHaveLength(outcomes.length);
  });
});
