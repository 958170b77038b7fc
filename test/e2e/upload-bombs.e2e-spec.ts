import { Queue } from 'bullmq';
import { INGEST_QUEUE, redisConnectionOptions } from '@app/jobs';
import { pngClaiming } from '../../libs/imaging/src/testing/byte-fixtures';
import { icoRepeating, layeredFilterSvg, monochromeBmp } from '../../libs/imaging/src/testing/bomb-fixtures';
import { upload } from '../harness/api-client';
import { eventually } from '../harness/eventually';
import { mediaRows } from '../harness/media-rows';
import { startKeyedService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const TOO_LONG = { error: 'upload_failed', message: 'Image took too long to process' };

/** A response and how long it took. */
async function timed(request: PromiseLike<{ status: number; body: Record<string, unknown> }>) {
  const started = Date.now();
  const response = await request;
  return { status: response.status, body: response.body, ms: Date.now() - started, endedAt: Date.now() };
}

describe('render bombs fail fast and do not starve other uploads', () => {
  let service: TestService;
  let key: string;
  let queue: Queue;

  beforeAll(async () => {
    // One worker process taking two jobs at a time, as in production; a short decode limit keeps this quick.
    ({ service, key } = await startKeyedService({ workers: 1, env: { DECODE_TIMEOUT_S: '2', WORKER_CONCURRENCY: '2' } }));
    queue = new Queue(INGEST_QUEUE, { connection: redisConnectionOptions(service.config.redisUrl), prefix: service.config.queuePrefix });
  });
  afterAll(async () => {
    await queue.close();
    await service.stop();
  });

  async function expectFailedOnce(name: string) {
    const rows = await mediaRows(`name = $1`, [name]);
    expect(rows).toEqual([expect.objectContaining({ status: 'failed', failure_code: 'upload_failed', failure_message: TOO_LONG.message })]);
    const job = await queue.getJob(rows[0].id as string);
    expect(job?.attemptsMade).toBe(1);
  }

  it('answers two SVG bombs with upload_failed within the limit while a small upload still succeeds promptly', async () => {
    const bombs = [1, 2].map((n) => timed(upload(service.baseUrl, layeredFilterSvg(), `bomb-${n}.svg`, key)));
    await new Promise((resolve) => setTimeout(resolve, 300)); // both bombs hold the worker's two slots
    const small = await timed(upload(service.baseUrl, await rasterImage('png', 32, 32), 'small.png', key));
    expect(small.status).toBe(201);
    expect(small.ms).toBeLessThan(5000);

    for (const bomb of await Promise.all(bombs)) {
      expect([bomb.status, bomb.body]).toEqual([500, TOO_LONG]);
      expect(bomb.ms).toBeLessThan(6000);
    }
    await expectFailedOnce('bomb-1.svg');
    await expectFailedOnce('bomb-2.svg');
  });

  it('stops a 100 Mpx BMP at the limit while a small anonymous upload is served meanwhile', async () => {
    const bomb = timed(upload(service.baseUrl, monochromeBmp(9999, 9999), 'bomb.bmp', key));
    await eventually(async () => (await queue.getActiveCount()) === 1, 10_000, 'the bomb never became an active job');
    const small = await timed(upload(service.baseUrl, await rasterImage('jpeg', 40, 30), 'meanwhile.jpg'));
    expect(small.status).toBe(201);
    const refused = await bomb;
    // Served meanwhile: done before the bomb's decode limit ran out, not queued behind it.
    expect(small.endedAt).toBeLessThan(refused.endedAt);
    expect([refused.status, refused.body]).toEqual([500, TOO_LONG]);
    expect(refused.ms).toBeLessThan(6000);
    await expectFailedOnce('bomb.bmp');
  });

  it('refuses at once a small anonymous ICO whose 200 entries all name one 10000×9999 PNG', async () => {
    const response = await timed(upload(service.baseUrl, icoRepeating(pngClaiming(10000, 9999), 200), 'repeated.ico'));
    expect([response.status, response.body]).toEqual([
      500,
      { error: 'upload_failed', message: 'Icon images total 19998000000 pixels, exceeding the limit of 100000000 pixels' },
    ]);
    expect(response.ms).toBeLessThan(3000);
  });
});
