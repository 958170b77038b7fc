import request from 'supertest';
import { createKey, upload } from '../harness/api-client';
import { GatewayOnDatabaseProxy, startGatewayOnDatabaseProxy } from '../harness/gateway-on-database-proxy';
import { startTestService, TestService } from '../harness/test-service';
import { isDocumentedError } from '../reliability/support/documented-error';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const QUERY_TIMEOUT_MS = 3000;
/** A request whose database never answers still ends within this (the query timeout plus room for load). */
const REQUEST_BOUND_MS = 15_000;

/**
 * A second gateway reaches the database through a TCP proxy that stops passing anything either way while
 * still accepting connections: a black-holed database, which neither answers nor refuses. Its pooled
 * connections and any new one just wait. The service's own worker keeps its direct connection.
 */
describe('a black-holed database', () => {
  let service: TestService;
  let faulty: GatewayOnDatabaseProxy;
  let faultyUrl: string;

  beforeAll(async () => {
    service = await startTestService({ storage: 'fs', env: { JOB_WAIT_TIMEOUT_MS: '15000' } });
    faulty = await startGatewayOnDatabaseProxy(service, { DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS) });
    faultyUrl = faulty.baseUrl;
  });
  afterAll(async () => {
    await faulty?.stop();
    await service?.stop();
  });

  it('answers an upload with a documented error within the bound, reports the database down, and recovers', async () => {
    const { key } = await createKey(service.baseUrl);
    const png = await rasterImage('png', 24, 16);
    expect((await upload(faultyUrl, png, 'before.png', key)).status).toBe(201);

    faulty.database.proxy.stall();
    const started = Date.now();
    const [during, health] = await Promise.all([
      upload(faultyUrl, png, 'during.png', key).timeout(REQUEST_BOUND_MS + 10_000),
      request(faultyUrl).get('/health/ready').timeout(10_000),
    ]);
    const tookMs = Date.now() - started;
    expect([during.status, during.body, isDocumentedError(during.status, during.body)]).toEqual([500, { error: 'internal_error', message: expect.any(String) }, true]);
    expect(tookMs).toBeLessThan(REQUEST_BOUND_MS);
    expect(health.status).toBe(503);
    expect(health.body.details).toMatchObject({ database: { status: 'down' }, redis: { status: 'up' }, storage: { status: 'up' } });

    faulty.database.proxy.heal();
    const healed = Date.now();
    let status = 0;
    while (status !== 201 && Date.now() - healed < 30_000) {
      status = (await upload(faultyUrl, png, 'after.png', key)).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(201);
    expect((await request(faultyUrl).get('/health/ready')).status).toBe(200);
  }, 90_000);
});
