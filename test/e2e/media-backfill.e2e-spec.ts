import { createHash } from 'crypto';
import request from 'supertest';
import { Queue } from 'bullmq';
import sharp from 'sharp';
import { BACKFILL_QUEUE, redisConnectionOptions } from '@app/jobs';
import { runAdminCli, spawnAdminCli } from '../harness/admin-cli';
import { upload } from '../harness/api-client';
import { eventually } from '../harness/eventually';
import { sql } from '../harness/sql';
import { startKeyedService, TestService } from '../harness/test-service';
import { ownDatabase } from '../harness/migration-database';
import { animatedImage, bmpImage, SIMPLE_SVG } from '../fixtures/images';
import { redWithBlueQuarter } from '../../libs/imaging/src/testing/placeholder-expectations';
import '../harness/contract/check-supertest';

interface Row {
  id: string;
  thumbhash: string | null;
  dominant_color: string | null;
  sha256: string | null;
}

/**
 * `npm run admin -- media backfill` on media stored before placeholders (their columns emptied here): worker
 * jobs fill them from the stored originals with the values an upload computes, an interrupted run resumes,
 * and a finished one is a no-op. The backfill goes through every media row, so the suite has a database of its own (set up
 * outside the describe, so it outlives the service).
 */
ownDatabase();
describe('media backfill (admin CLI → worker jobs)', () => {
  let service: TestService;
  let key: string;
  const uploaded = new Map<string, { thumbhash: string | null; dominant_color: string | null; bytes: Buffer; format: string }>();

  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 1 }));
    const files: Array<[string, Buffer]> = [
      ['red.png', await sharp({ create: { width: 90, height: 60, channels: 3, background: '#c81e28' } }).png().toBuffer()],
      ['two.jpg', await redWithBlueQuarter(800, 600).jpeg({ quality: 95 }).toBuffer()],
      ['two.webp', await redWithBlueQuarter(160, 120).webp().toBuffer()],
      ['frames.gif', await animatedImage('gif')],
      ['picture.bmp', bmpImage()],
      ['drawing.svg', SIMPLE_SVG],
    ];
    for (const [name, bytes] of files) {
      const response = await upload(service.baseUrl, bytes, name, key);
      expect(response.status).toBe(201);
      uploaded.set(response.body.id, { thumbhash: response.body.thumbhash, dominant_color: response.body.dominant_color, bytes, format: response.body.format });
    }
    // As a media stored before placeholders and sha256 were recorded.
    await sql(`UPDATE media SET thumbhash = NULL, dominant_color = NULL, sha256 = NULL WHERE id = ANY($1)`, [[...uploaded.keys()]]);
    await sql(`UPDATE stored_objects SET sha256 = NULL WHERE id = ANY($1)`, [[...uploaded.keys()]]);
  });
  afterAll(() => service.stop());

  const rows = () => sql<Row>(`SELECT id, thumbhash, dominant_color, sha256 FROM media WHERE id = ANY($1) ORDER BY id`, [[...uploaded.keys()]]);
  const filled = async () => (await rows()).filter((row) => row.thumbhash !== null).length;
  const backfill = (...args: string[]) => runAdminCli(['media', 'backfill', ...args], service.env);

  it('an interrupted run leaves what it queued to the workers, and the next run finishes the rest', async () => {
    // No worker: the first run queues two jobs (its concurrency) and waits on them; then it is killed.
    await service.workers[0].stop();
    service.workers.length = 0;
    const queue = new Queue(BACKFILL_QUEUE, { connection: redisConnectionOptions(service.env.REDIS_URL), prefix: service.env.QUEUE_PREFIX });
    try {
      const first = spawnAdminCli(['media', 'backfill', '--concurrency', '2'], service.env);
      await eventually(async () => (await queue.getJobCounts('waiting')).waiting === 2, 30_000, 'the first run did not queue its two jobs');
      await first.kill();
      expect(first.stderr()).toMatch(/^backfill: 1 queued, 0 done, 0 failed, up to id [a-z0-9]{8}$/m);
    } finally {
      await queue.close();
    }
    expect(await filled()).toBe(0);

    await service.startWorker();
    await eventually(async () => (await filled()) === 2, 30_000, 'the queued jobs were not run');

    const second = await backfill();
    expect(second.code).toBe(0);
    // Four raster media lacked a placeholder after the first two: the BMP's sha256 comes with its placeholder.
    expect(second.json()).toEqual({ queued: 3, done: 3, failed: 0, failures: [] });
    expect(second.stderr).toMatch(/^backfill: 3 queued, 3 done, 0 failed, up to id [a-z0-9]{8}$/m);

    for (const row of await rows()) {
      const original = uploaded.get(row.id)!;
      // The same placeholder as the upload computed (the same kind of sample of the same pixels); none for SVG.
      expect({ id: row.id, thumbhash: row.thumbhash, dominant_color: row.dominant_color }).toEqual({ id: row.id, thumbhash: original.thumbhash, dominant_color: original.dominant_color });
      // sha256 only where the stored original is the upload's bytes by construction (BMP kept unchanged).
      const expected = original.format === 'bmp' ? createHash('sha256').update(original.bytes).digest('hex') : null;
      expect({ id: row.id, format: original.format, sha256: row.sha256 }).toEqual({ id: row.id, format: original.format, sha256: expected });
    }
    expect((await rows()).filter((row) => row.thumbhash === null).map((row) => uploaded.get(row.id)!.format)).toEqual(['svg']);
  });

  it('a sha256 it finds makes the stored bytes shared by a later upload of the same bytes (dedup)', async () => {
    const [bmpId, bmp] = [...uploaded.entries()].find(([, media]) => media.format === 'bmp')!;
    const hash = createHash('sha256').update(bmp.bytes).digest('hex');
    expect(await sql('SELECT sha256 FROM stored_objects WHERE id = $1', [bmpId])).toEqual([{ sha256: hash }]);
    const again = await upload(service.baseUrl, bmp.bytes, 'again.bmp', key);
    expect(again.status).toBe(201);
    expect(await sql('SELECT object_id FROM media WHERE id = $1', [again.body.id])).toEqual([{ object_id: bmpId }]);
    const deleted = await request(service.baseUrl).delete(`/v1/media/${again.body.id}`).set('Authorization', `Bearer ${key}`);
    expect(deleted.status).toBe(200);
    expect(await sql('SELECT refs FROM stored_objects WHERE id = $1', [bmpId])).toEqual([{ refs: 1 }]);
  });

  it('a run with nothing left to fill queues nothing', async () => {
    const again = await backfill('--concurrency', '3');
    expect(again.code).toBe(0);
    expect(again.json()).toEqual({ queued: 0, done: 0, failed: 0, failures: [] });
  });

  it('refuses a concurrency it would not bound', async () => {
    for (const value of ['0', '33', 'many']) {
      const refused = await backfill('--concurrency', value);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^admin: --concurrency must be a whole number from 1 to 32\. Usage: npm run admin -- .*media backfill \[--concurrency N\]$/m);
    }
  });
});
