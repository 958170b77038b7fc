import request from 'supertest';
import { createKey } from '../harness/api-client';
import { GatewayOnDatabaseProxy, startGatewayOnDatabaseProxy } from '../harness/gateway-on-database-proxy';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

const QUERY_TIMEOUT_MS = 1000;
/** Requests sent together while the database is silent, so several pooled connections go silent. */
const STALLED_REQUESTS = 3;
const REQUESTS_AFTER = 6;
/** A request after the database is back answers within this, not after a query timeout of its own plus room. */
const PROMPT_MS = 2000;

/**
 * A second gateway reaches the database through a TCP proxy. While the test says so, a connection that
 * sends the media list query hears nothing more, ever (a host that black-holes that connection's packets);
 * the query times out. Connections opened afterwards work: the gateway must not hand a silent one out again.
 */
describe('a database connection whose query timed out', () => {
  let service: TestService;
  let faulty: GatewayOnDatabaseProxy;

  beforeAll(async () => {
    service = await startTestService({ storage: 'fs' });
    faulty = await startGatewayOnDatabaseProxy(service, { DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS) });
  });
  afterAll(async () => {
    await faulty?.stop();
    await service?.stop();
  });

  it('is not reused: once the database answers again, every request touching it succeeds promptly', async () => {
    const { key } = await createKey(service.baseUrl);
    const list = () => request(faulty.baseUrl).get('/v1/media').set('Authorization', `Bearer ${key}`).timeout(30_000);
    expect((await list()).status).toBe(200);

    faulty.database.proxy.stallAnswersTo('position_us');
    const stalled = await Promise.all(Array.from({ length: STALLED_REQUESTS }, list));
    expect(stalled.map((response) => response.status)).toEqual(Array(STALLED_REQUESTS).fill(500));

    faulty.database.proxy.heal();
    const after: Array<{ status: number; promptly: boolean }> = [];
    for (let i = 0; i < REQUESTS_AFTER; i++) {
      const started = Date.now();
      const { status } = await list();
      after.push({ status, promptly: Date.now() - started < PROMPT_MS });
    }
    expect(after).toEqual(Array(REQUESTS_AFTER).fill({ status: 200, promptly: true }));
  });
});
