import request from 'supertest';
import { createKey, pathOf, upload } from '../harness/api-client';
import { DatabaseProxy, startDatabaseProxy } from '../harness/database-proxy';
import { waitUntil } from '../harness/eventually';
import { freePort } from '../harness/free-port';
import { parsePage } from '../harness/html-document';
import { jsonLogRecords } from '../harness/log-records';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../harness/worker-process';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/**
 * A gateway process reaches the database through a TCP proxy the test cuts. A valid upgrade link opened
 * while the database is down is not "not valid": the page says the check could not be made, and the log
 * says why.
 */
describe('the upgrade page while the database is unreachable', () => {
  let service: TestService;
  let database: DatabaseProxy;
  let gateway: WorkerProcess;
  let gatewayUrl: string;

  beforeAll(async () => {
    service = await startTestService();
    database = await startDatabaseProxy();
    const port = await freePort();
    gateway = await startGatewayProcess({ ...service.env, PORT: String(port), DATABASE_URL: database.url, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' });
    gatewayUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    database?.proxy.heal();
    await gateway?.stop();
    await database?.proxy.close();
    await service?.stop();
  });

  /** A verified account over its month's uploads gets a signed upgrade link from the API. */
  async function upgradeLinkPath(): Promise<string> {
    const { key, email } = await createKey(service.baseUrl);
    await sql('UPDATE accounts SET verified = true WHERE email = $1', [email]);
    const [{ id }] = await sql<{ id: string }>('SELECT id FROM accounts WHERE email = $1', [email]);
    const month = new Date().toISOString().slice(0, 8) + '01';
    await sql('INSERT INTO usage_months (account_id, month, uploads_used) VALUES ($1, $2, 100)', [id, month]);
    const refused = await upload(service.baseUrl, await rasterImage('png', 8, 8), 'over.png', key);
    expect([refused.status, refused.body.action?.type]).toEqual([403, 'upgrade']);
    return pathOf(refused.body.action.url);
  }

  it('answers a 500 page "We could not check this link right now", and logs the cause', async () => {
    const link = await upgradeLinkPath();
    expect((await request(gatewayUrl).get(link)).status).toBe(200);

    const mark = gateway.output().length;
    database.proxy.cutNow();
    const page = await request(gatewayUrl).get(link);
    database.proxy.heal();

    expect(page.status).toBe(500);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(parsePage(page.text).text('main p')).toBe('We could not check this link right now. Try again in a minute.');
    expect(page.text).not.toMatch(/not valid/);

    const warnings = () => jsonLogRecords(gateway.output().slice(mark)).filter((record) => record.msg === 'could not check an upgrade link');
    await waitUntil(() => warnings().length > 0, 5000);
    expect(warnings()).toEqual([
      expect.objectContaining({ level: 40, reason: expect.stringMatching(/^database unreachable: (Connection terminated|read ECONNRESET|connect ECONNREFUSED)/) }),
    ]);

    // Back up, the same link shows the offer again.
    expect(await waitUntil(async () => (await request(gatewayUrl).get(link)).status === 200, 10_000)).toBe(true);
  });
});
