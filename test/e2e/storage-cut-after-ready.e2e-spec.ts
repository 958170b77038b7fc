import { Queue } from 'bullmq';
import { INGEST_QUEUE, redisConnectionOptions } from '@app/jobs';
import { originalKey, stagingKey } from '@app/storage';
import { createKey, upload } from '../harness/api-client';
import { mediaRows } from '../harness/media-rows';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/**
 * Storage goes away just after the worker marked an upload ready: its last step, removing the staging
 * object, is the request that meets the cut (a TCP proxy between the service and s3rver cuts every
 * connection and refuses new ones when it sees that request). The media is published all the same, so
 * its caller must be told so: answering upload_failed here left a ready image its client thought lost.
 */
describe('storage lost once an upload is ready', () => {
  let service: TestService;
  let key: string;
  let queue: Queue;

  beforeAll(async () => {
    // Rows earlier suites of this Jest worker left unfinished (processing, or failed and not yet cleaned)
    // would be settled by this service's sweep, which deletes their staging objects: a
    // DELETE /media/staging/ that would meet the cut before this upload's. Those suites have ended.
    await sql('DELETE FROM media');
    service = await startTestService({ workers: 1, storageProxy: true, env: { JOB_WAIT_TIMEOUT_MS: '15000' } });
    key = (await createKey(service.baseUrl)).key;
    queue = new Queue(INGEST_QUEUE, { connection: redisConnectionOptions(service.config.redisUrl), prefix: service.config.queuePrefix });
  });
  afterAll(async () => {
    await queue?.close();
    await service?.stop();
  });

  it('answers 201 for the ready media at its first attempt; the staging object is left to the sweep', async () => {
    const proxy = service.storageProxy!;
    proxy.cutWhenClientSends('DELETE /media/staging/');
    const response = await upload(service.baseUrl, await rasterImage('jpeg', 400, 300), 'cut-after-ready.jpg', key);
    expect(proxy.cut).toBe(true);
    proxy.heal();

    // The answer is part of the expectation so that, should the cut meet another request than the
    // worker's clean-up (the gateway discarding a staging object it could not use), the failure says so.
    const rows = await mediaRows('name = $1', ['cut-after-ready.jpg']);
    expect({ rows, status: response.status, body: response.body }).toEqual({
      rows: [expect.objectContaining({ status: 'ready' })],
      status: 201,
      body: expect.objectContaining({ id: rows[0]?.id }),
    });
    const id = String(rows[0].id);
    expect(await service.store.head(originalKey(id, 'jpg'))).not.toBeNull();
    // Removing the staging object is clean-up, not part of the work: its failure is not a failed attempt.
    expect((await queue.getJob(id))?.attemptsMade).toBe(1);
    expect(await service.store.head(stagingKey(id))).not.toBeNull();
  });
});
