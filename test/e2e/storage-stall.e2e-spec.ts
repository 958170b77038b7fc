import * as http from 'http';
import request from 'supertest';
import { createKey, pathOf, upload } from '../harness/api-client';
import { mediaRows } from '../harness/media-rows';
import { startTestService, TestService } from '../harness/test-service';
import { isDocumentedError } from '../reliability/support/documented-error';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

// Low, so a stall is cut off quickly; the answers' bound leaves room for the SDK's and the job's retries.
const IDLE_TIMEOUT_MS = 1000;
const ANSWER_BOUND_MS = 10_000;

/**
 * Storage that accepts a request and then goes silent (a TCP proxy between the service and s3rver holds
 * its answer back): every call is cut off after S3_IDLE_TIMEOUT_MS, so the client gets a documented error
 * within its bound instead of a request that never ends. Without the timeout each of these hangs.
 */
describe('storage that stops answering', () => {
  let service: TestService;
  let key: string;
  let photo: Buffer;

  beforeAll(async () => {
    service = await startTestService({
      workers: 1,
      storageProxy: true,
      // Past the answers' bound: a hung worker would show as 202 processing, not as a quick answer.
      env: { S3_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS), JOB_WAIT_TIMEOUT_MS: '15000' },
    });
    key = (await createKey(service.baseUrl)).key;
    photo = await rasterImage('jpeg', 400, 300);
  });
  afterEach(() => service.storageProxy!.heal());
  afterAll(() => service?.stop());

  async function timedUpload(name: string) {
    const started = Date.now();
    const response = await upload(service.baseUrl, photo, name, key);
    return { response, ms: Date.now() - started };
  }

  it('a staging write whose answer never comes: upload_failed within the bound, nothing staged', async () => {
    service.storageProxy!.stallAnswersTo('PUT /media/staging/');
    const { response, ms } = await timedUpload('stalled-put.jpg');
    expect([response.status, response.body.error]).toEqual([500, 'upload_failed']);
    expect(isDocumentedError(response.status, response.body)).toBe(true);
    expect(ms).toBeLessThan(ANSWER_BOUND_MS);
    expect(await mediaRows(`name = $1`, ['stalled-put.jpg'])).toEqual([]);
    expect(await service.store.list('staging/')).toEqual([]);
  });

  it('a staging read that stops mid-body: the worker gives up, upload_failed within the bound, then uploads work again', async () => {
    // The answer's headers and a little of the body arrive, then nothing.
    service.storageProxy!.stallAnswersTo('GET /media/staging/', 1500);
    const { response, ms } = await timedUpload('stalled-get.jpg');
    expect([response.status, response.body.error]).toEqual([500, 'upload_failed']);
    expect(isDocumentedError(response.status, response.body)).toBe(true);
    expect(ms).toBeLessThan(ANSWER_BOUND_MS);
    expect(await mediaRows(`name = $1`, ['stalled-get.jpg'])).toEqual([expect.objectContaining({ status: 'failed' })]);

    service.storageProxy!.heal();
    const after = await timedUpload('after-stall.jpg');
    expect(after.response.status).toBe(201);
  });

  it('an original whose storage answer never starts: a documented error within the bound', async () => {
    const stored = await timedUpload('undelivered.jpg');
    expect(stored.response.status).toBe(201);
    service.storageProxy!.stallAnswersTo('GET /media/originals/');
    const started = Date.now();
    const response = await request(service.baseUrl).get(pathOf(stored.response.body.src));
    expect(Date.now() - started).toBeLessThan(ANSWER_BOUND_MS);
    expect(response.body).toEqual({ error: 'internal_error', message: 'Internal server error' });
    expect(isDocumentedError(response.status, response.body)).toBe(true);
  });

  it('an original whose delivery stops mid-body: the response is cut off within the bound, not left open', async () => {
    const stored = await timedUpload('delivered.jpg');
    expect(stored.response.status).toBe(201);
    service.storageProxy!.stallAnswersTo('GET /media/originals/', 1500);
    const started = Date.now();
    const delivered = await getUntilClosed(service.baseUrl + pathOf(stored.response.body.src));
    expect(Date.now() - started).toBeLessThan(ANSWER_BOUND_MS);
    expect(delivered.status).toBe(200);
    expect(delivered.complete).toBe(false);
    expect(delivered.bytes).toBeLessThan(delivered.length);
  });
});

/** GETs `url` and resolves once the connection is over, with what arrived and whether the body was whole. */
function getUntilClosed(url: string): Promise<{ status: number; length: number; bytes: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('error', () => undefined);
        const length = Number(res.headers['content-length']);
        res.on('close', () => resolve({ status: res.statusCode ?? 0, length, bytes, complete: res.complete }));
      })
      .on('error', reject);
  });
}
