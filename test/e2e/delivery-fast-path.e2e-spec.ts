import request from 'supertest';
import { createKey, pathOf, pollUntilReady, upload } from '../harness/api-client';
import { sleep } from '../harness/eventually';
import { GatewayOnDatabaseProxy, startGatewayOnDatabaseProxy } from '../harness/gateway-on-database-proxy';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const CACHING = { GATEWAY_CACHE_MAX_AGE_MS: '5000' };

/**
 * Stored images and their 304s are answered before the full request pipeline, from the gateway's cached
 * delivery facts: a revalidation needs neither the database nor storage, and the answers are counted in the
 * same latency histogram as the full pipeline's.
 */
describe('delivery before the pipeline', () => {
  let service: TestService;
  let gateway: GatewayOnDatabaseProxy;

  beforeAll(async () => {
    service = await startTestService({ storage: 'fs', env: CACHING });
    gateway = await startGatewayOnDatabaseProxy(service, { ...CACHING, DB_QUERY_TIMEOUT_MS: '3000' });
    // The gateway has heard a heartbeat on the invalidation channel: its caches are in use.
    await sleep(1500);
  });
  afterAll(async () => {
    await gateway?.stop();
    await service?.stop();
  });

  const uploadedSrc = async () => {
    const { key } = await createKey(service.baseUrl);
    const uploaded = await upload(service.baseUrl, await rasterImage('png', 40, 30), 'a.png', key);
    expect(uploaded.status).toBe(201);
    await pollUntilReady(service.baseUrl, uploaded.body.id, key);
    return { key, src: pathOf(uploaded.body.src) };
  };

  it('answers a revalidation (304) and the stored image (200) from cached facts while the database answers nothing', async () => {
    const { src } = await uploadedSrc();
    const first = await request(gateway.baseUrl).get(src);
    expect(first.status).toBe(200);
    gateway.database.proxy.stall();
    try {
      const started = Date.now();
      const revalidated = await request(gateway.baseUrl).get(src).set('If-None-Match', first.headers.etag);
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers).toMatchObject({ etag: first.headers.etag, 'cache-control': first.headers['cache-control'] });
      expect(revalidated.headers['x-request-id']).toBeDefined();
      const again = await request(gateway.baseUrl).get(src);
      expect([again.status, Buffer.compare(again.body, first.body)]).toEqual([200, 0]);
      // Well under the 3 s query timeout: nothing waited on the database.
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      gateway.database.proxy.heal();
    }
  });

  it('answers a revalidation with the stored answer’s headers and the caller’s request id, and counts it before the next scrape', async () => {
    const { src } = await uploadedSrc();
    const first = await request(gateway.baseUrl).get(src);
    expect(first.status).toBe(200);
    const metric = async () => {
      const text = (await request(gateway.baseUrl).get('/metrics')).text;
      const line = text.split('\n').find((l) => l.startsWith('imgpro_http_request_duration_seconds_count{method="GET",route="/:seg/:file",status="304"}'));
      return line ? Number(line.split(' ')[1]) : 0;
    };
    const before = await metric();
    const echoed = await request(gateway.baseUrl).get(src).set('If-None-Match', first.headers.etag).set('X-Request-Id', 'revalidation-1');
    const fresh = await request(gateway.baseUrl).get(src).set('If-None-Match', first.headers.etag);
    for (const answer of [echoed, fresh]) {
      expect(answer.status).toBe(304);
      for (const header of ['etag', 'last-modified', 'cache-control', 'content-type', 'x-content-type-options', 'accept-ranges']) {
        expect([header, answer.headers[header]]).toEqual([header, first.headers[header]]);
      }
    }
    expect(echoed.headers['x-request-id']).toBe('revalidation-1');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await metric()).toBe(before + 2);
  });

  it('counts its answers under the delivery route, as the full pipeline counts a keyed request', async () => {
    const { key, src } = await uploadedSrc();
    const metric = async () => {
      const text = (await request(service.baseUrl).get('/metrics')).text;
      const line = text.split('\n').find((l) => l.startsWith('imgpro_http_request_duration_seconds_count{method="GET",route="/:seg/:file",status="200"}'));
      return line ? Number(line.split(' ')[1]) : 0;
    };
    const before = await metric();
    expect((await request(service.baseUrl).get(src)).status).toBe(200);
    expect((await request(service.baseUrl).get(src).set('Authorization', `Bearer ${key}`)).status).toBe(200);
    expect(await metric()).toBe(before + 2);
  });
});
