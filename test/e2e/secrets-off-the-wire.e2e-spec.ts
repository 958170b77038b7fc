import request from 'supertest';
import { verifyLink, VERIFY_PATH } from '@app/accounts';
import { createKey, upload } from '../harness/api-client';
import { waitUntil } from '../harness/eventually';
import { freePort } from '../harness/free-port';
import { jsonLogRecords } from '../harness/log-records';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../harness/worker-process';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const METRICS_TOKEN = 'metrics-token-for-the-scraper-only';

describe('request logs hold no signed link, key, cookie or Idempotency-Key', () => {
  let service: TestService;
  let gateway: WorkerProcess;
  let gatewayUrl: string;

  beforeAll(async () => {
    service = await startTestService({ workers: 0 });
    const port = await freePort();
    gateway = await startGatewayProcess({ ...service.env, PORT: String(port), LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    gatewayUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await gateway?.stop();
    await service?.stop();
  });

  it('after signed links, a keyed upload with an Idempotency-Key and a cookie, none of their values is in the log', async () => {
    const secrets = {
      token: 'tokenvalue4242',
      signature: 'signaturevalue4242',
      expiry: '4102444800',
      key: 'img_live_keyvalue4242keyvalue4242keyvalue',
      cookie: 'cookievalue4242',
      idempotency: 'idempotencyvalue4242',
    };
    const query = `t=${secrets.token}&exp=${secrets.expiry}&sig=${secrets.signature}`;
    const mark = gateway.output().length;
    for (const path of ['/verify', '/VERIFY/', '/upgrade/pro', '/keys/approve', '/sign-in/confirm']) {
      await request(gatewayUrl).get(`${path}?${query}`).set('Cookie', `session=${secrets.cookie}`);
    }
    await upload(gatewayUrl, await rasterImage('png'), 'a.png', secrets.key).set('Idempotency-Key', secrets.idempotency);
    // A form of a signed page answers 303 back to that page: its Location names the (real) link.
    const owner = await createKey(gatewayUrl);
    const [{ id: accountId }] = await sql<{ id: string }>(`SELECT id FROM accounts WHERE email = $1`, [owner.email]);
    const link = Object.fromEntries(new URL(verifyLink(service.config, accountId)).searchParams);
    const kept = await request(gatewayUrl).post(VERIFY_PATH).type('form').send({ ...link, key_id: owner.keyId, choice: 'keep' });
    expect(kept.headers.location).toContain(link.sig);

    const loggedLocations = () =>
      jsonLogRecords(gateway.output().slice(mark)).flatMap((record) => {
        const location = (record.res as { headers?: { location?: string } } | undefined)?.headers?.location;
        return location ? [location] : [];
      });
    const loggedUrls = () => jsonLogRecords(gateway.output().slice(mark)).flatMap((record) => (record.req ? [(record.req as { url: string }).url] : []));
    const expected = ['/verify?[redacted]', '/VERIFY/?[redacted]', '/upgrade/pro?[redacted]', '/keys/approve?[redacted]', '/sign-in/confirm?[redacted]', '/v1/upload'];
    // Other requests are logged too (the contract check reads /openapi.json): wait for these ones.
    await waitUntil(() => expected.every((url) => loggedUrls().includes(url)) && loggedLocations().length > 0, 5000);
    const output = gateway.output().slice(mark);
    expect(loggedLocations()).toEqual([`${VERIFY_PATH}?[redacted]`]);
    expect(output).not.toContain(link.sig);
    expect(output).not.toContain(link.t);
    // The scan below means something only if the requests were logged at all.
    expect(loggedUrls()).toEqual(expect.arrayContaining(expected));
    for (const value of Object.values(secrets)) expect(output).not.toContain(value);
  });
});

describe('METRICS_TOKEN protects /metrics on the gateway and on workers', () => {
  let service: TestService;
  let worker: WorkerProcess;

  beforeAll(async () => {
    service = await startTestService({ workers: 0, env: { METRICS_TOKEN } });
    worker = await service.startWorker({ WORKER_METRICS_PORT: '0', HOST: '127.0.0.1' });
  });
  afterAll(() => service.stop());

  const scrapers = () => [
    ['gateway', service.baseUrl],
    ['worker', `http://127.0.0.1:${worker.metricsPort}`],
  ];

  it.each(['gateway', 'worker'])('the %s answers 401 without the token or with another one, and the metrics with it', async (which) => {
    const url = scrapers().find(([name]) => name === which)![1];
    const anonymous = await request(url).get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: 'unauthorized', message: 'Invalid or missing API key' });
    expect((await request(url).get('/metrics').set('Authorization', 'Bearer not-the-token')).status).toBe(401);
    const scraped = await request(url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('imgpro_queue_jobs');
  });

  it('a worker serves its metrics on HOST only: 127.0.0.1 answers, 127.0.0.2 is refused', async () => {
    const answered = await request(`http://127.0.0.1:${worker.metricsPort}`).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(answered.status).toBe(200);
    await expect(request(`http://127.0.0.2:${worker.metricsPort}`).get('/metrics')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('without METRICS_TOKEN', () => {
  let service: TestService;
  beforeAll(async () => (service = await startTestService({ workers: 0 })));
  afterAll(() => service.stop());

  it('the gateway serves /metrics to anyone, as before', async () => {
    expect((await request(service.baseUrl).get('/metrics')).status).toBe(200);
  });
});
