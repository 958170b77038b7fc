import request from 'supertest';
import { startTestService, TestService } from '../harness/test-service';
import { createKey } from '../harness/api-client';
import { importLeftovers, ImportSource, neverAnswer, startImportSource } from '../harness/import-source-server';
import '../harness/contract/check-supertest';

/** The documented 30-second limit, with the shipped default (no IMPORT_TIMEOUT_MS override). */
describe('import fetch deadline at its default', () => {
  let service: TestService;
  let source: ImportSource;

  beforeAll(async () => {
    source = await startImportSource();
    service = await startTestService({ workers: 1, env: { IMPORT_ALLOWED_CIDRS: '127.0.0.0/8' } });
  });
  afterAll(async () => {
    await service?.stop();
    await source?.close();
  });

  it('answers 504 fetch_failed "URL fetch timeout" after about 30 s', async () => {
    expect(service.config.importTimeoutMs).toBe(30_000);
    const key = (await createKey(service.baseUrl)).key;
    const url = source.route('/silent.jpg', neverAnswer);

    const started = Date.now();
    const response = await request(service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${key}`).send({ url });
    const elapsedSeconds = (Date.now() - started) / 1000;

    expect(response.status).toBe(504);
    expect(response.body).toEqual({ error: 'fetch_failed', message: 'URL fetch timeout' });
    expect(elapsedSeconds).toBeGreaterThanOrEqual(29);
    expect(elapsedSeconds).toBeLessThanOrEqual(40);
    expect(source.hits('/silent.jpg')).toBe(1);
    const { rows, objects } = await importLeftovers(service, url);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).not.toBe('ready');
    expect(rows[0].failure_code).toBe('fetch_failed');
    expect(objects).toEqual([]);
  }, 60_000);
});
