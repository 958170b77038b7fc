import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import { accountOfKey, sql } from '../harness/sql';
import { CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '@app/storage';
import { eventually, waitUntil } from '../harness/eventually';
import { jsonLogRecords } from '../harness/log-records';
import { stagingLeftovers } from '../harness/staging-leftovers';
import { startKeyedService, startTestService, TestService } from '../harness/test-service';
import { createKey, pathOf, upload } from '../harness/api-client';
import { mediaRows } from '../harness/media-rows';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

describe('the periodic sweep run by the workers', () => {
  let service: TestService;
  let key: string;

  beforeAll(async () => {
    // The database is shared with suites running alongside: only rows older than 30 minutes count as stuck.
    ({ service, key } = await startKeyedService({ workers: 2, env: { SWEEP_INTERVAL_MS: '500', STUCK_PROCESSING_MS: '1800000' } }));
  });
  afterAll(() => service.stop());

  it('removes expired media from storage and the database', async () => {
    const response = await upload(service.baseUrl, await rasterImage('png'), 'expiring.png', key, { ttl: '5m' });
    expect(response.status).toBe(201);
    const id = response.body.id;
    await sql(`UPDATE media SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    expect((await request(service.baseUrl).get(`/v1/media/${id}`)).status).toBe(404);
    expect((await request(service.baseUrl).get(pathOf(response.body.src))).status).toBe(404);
    await eventually(async () => (await mediaRows('id = $1', [id])).length === 0);
    expect(await service.store.head(`originals/${id}.png`)).toBeNull();
  });

  it('fails rows whose job was lost, and cleans objects a failure left behind', async () => {
    await sql(
      `INSERT INTO media (id, status, source, name, created_at) VALUES ('lost0001', 'processing', 'import', 'x', now() - interval '1 hour')`,
    );
    await service.store.putFile('staging/lost0001', __filename);
    await eventually(async () => (await sql(`SELECT cleaned_at FROM media WHERE id = 'lost0001'`))[0].cleaned_at !== null);
    expect(await mediaRows(`id = 'lost0001'`)).toEqual([
      { id: 'lost0001', status: 'failed', failure_code: 'import_failed', failure_message: 'Processing was interrupted' },
    ]);
    expect(await service.store.head('staging/lost0001')).toBeNull();
  });

  it('gives back upload reservations that never became a media row, once they are older than any request', async () => {
    const { key: owner, keyId } = await createKey(service.baseUrl);
    const account = await accountOfKey(keyId);
    const month = new Date().toISOString().slice(0, 8) + '01';
    // Two uploads counted: one whose gateway died long ago, one still streaming its body.
    await sql(`INSERT INTO usage_months (account_id, month, uploads_used) VALUES ($1, $2, 2)`, [account, month]);
    await sql(
      `INSERT INTO upload_reservations (media_id, account_id, month, created_at)
       VALUES ('gone0001', $1, $2, now() - interval '1 hour'), ('live0001', $1, $2, now())`,
      [account, month],
    );
    const usedUploads = async () => (await request(service.baseUrl).get('/v1/usage').set('Authorization', `Bearer ${owner}`)).body.uploads_used;
    await eventually(async () => (await usedUploads()) === 1);
    expect(await sql(`SELECT media_id FROM upload_reservations WHERE account_id = $1`, [account])).toEqual([{ media_id: 'live0001' }]);
  });

  it('leaves fresh processing rows and unexpired media alone', async () => {
    const response = await upload(service.baseUrl, await rasterImage('png'), 'keep.png', key);
    await sql(`INSERT INTO media (id, status, source, name, created_at) VALUES ('fresh001', 'processing', 'upload', 'x', now())`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await request(service.baseUrl).get(`/v1/media/${response.body.id}`)).status).toBe(200);
    expect(await service.store.head(`originals/${response.body.id}.png`)).not.toBeNull();
    expect(await mediaRows(`id = 'fresh001'`)).toEqual([expect.objectContaining({ status: 'processing', failure_code: null })]);
  });
});

describe('the sweep while storage is unreachable', () => {
  let service: TestService;
  let key: string;

  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 1, storageProxy: true, env: { SWEEP_INTERVAL_MS: '500', STUCK_PROCESSING_MS: '1800000', LOG_FORMAT: 'json' } }));
  });
  afterAll(async () => {
    service.storageProxy!.heal();
    await service.stop();
  });

  it('logs, with its cause, each expired media it could not remove, and removes it once storage is back', async () => {
    const response = await upload(service.baseUrl, await rasterImage('png'), 'expiring.png', key, { ttl: '5m' });
    expect(response.status).toBe(201);
    const id = response.body.id;
    const worker = service.workers[0];
    const mark = worker.output().length;
    const records = () => jsonLogRecords(worker.output().slice(mark));
    const warnings = () => records().filter((record) => record.msg === 'the sweep could not settle a media (the next sweep tries again)' && record.mediaId === id);

    service.storageProxy!.cutNow();
    await sql(`UPDATE media SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    expect(await waitUntil(() => warnings().length > 0, 15_000)).toBe(true);
    expect(warnings()[0]).toMatchObject({ level: 40, step: 'expire', reason: expect.stringMatching(new RegExp(`^objects of media ${id} could not be removed: .*originals/${id}\\.png`)) });
    service.storageProxy!.heal();

    await eventually(async () => (await mediaRows('id = $1', [id])).length === 0);
    expect(await service.store.head(`originals/${id}.png`)).toBeNull();
  });
});

describe('the sweep of leftovers', () => {
  let service: TestService;
  let tempRoot: string;

  beforeAll(async () => {
    // The workers get a temp folder of their own, so this suite's short age limit touches nobody else's.
    tempRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-sweep-tmp-'));
    service = await startTestService({
      workers: 0,
      env: { SWEEP_INTERVAL_MS: '500', STUCK_PROCESSING_MS: '1800000', LEFTOVER_AGE_MS: '3000', TMPDIR: tempRoot },
    });
  });
  afterAll(async () => {
    await service.stop();
    await fs.rm(tempRoot, { recursive: true, force: true });
  });

  it('removes old staging objects, unfinished uploads and temp folders that no job uses, and nothing else', async () => {
    await sql(`INSERT INTO media (id, status, source, name, created_at) VALUES ('busy0001', 'processing', 'upload', 'x', now())`);
    await sql(`INSERT INTO media (id, status, source, name, created_at) VALUES ('done0001', 'ready', 'upload', 'x', now())`);
    for (const id of ['orph0001', 'busy0001', 'done0001']) await service.store.putFile(`staging/${id}`, __filename);
    const s3 = createS3Client(service.config.s3!);
    await s3.send(new CreateMultipartUploadCommand({ Bucket: service.config.s3!.bucket, Key: 'staging/half0001' }));
    const killedWorkerFolder = await fs.mkdtemp(path.join(tempRoot, 'imgpro-job-'));
    await fs.writeFile(path.join(killedWorkerFolder, 'input'), 'x');
    await new Promise((resolve) => setTimeout(resolve, 3500));
    // A live job that made its folder long ago and keeps writing into a file in it: only the file changes.
    const freshFolder = await fs.mkdtemp(path.join(tempRoot, 'imgpro-job-'));
    await fs.writeFile(path.join(freshFolder, 'output'), 'started');
    const longAgo = new Date(Date.now() - 3600_000);
    await fs.utimes(freshFolder, longAgo, longAgo);
    const liveJob = setInterval(() => void fs.writeFile(path.join(freshFolder, 'output'), String(Date.now())).catch(() => undefined), 200);
    try {
      await service.startWorker();
      await eventually(async () => (await stagingLeftovers(service)).length === 1);
      expect(await stagingLeftovers(service)).toEqual(['staging/busy0001']);
      await eventually(async () => !(await exists(killedWorkerFolder)));
      expect(await exists(freshFolder)).toBe(true);
    } finally {
      clearInterval(liveJob);
    }
  });
});

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
