import request from 'supertest';
import { createKey, upload } from '../harness/api-client';
import { waitUntil } from '../harness/eventually';
import { GatewayOnDatabaseProxy, startGatewayOnDatabaseProxy } from '../harness/gateway-on-database-proxy';
import { startTestService, TestService } from '../harness/test-service';
import type { TcpProxy } from '../harness/tcp-proxy';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/** Long enough for a background retry to outlast a heal (its pauses grow to 2 s). */
const SETTLE_MS = 10_000;

/**
 * A second gateway reaches the database through a TCP proxy that loses the answer to (or the whole of)
 * a quota statement, as when the database crashes mid-request. However the request ends, once the
 * database is back the month's usage, as the API reports it, counts exactly the media that exist.
 */
describe('upload quota when the database is lost mid-request', () => {
  let service: TestService;
  let faulty: GatewayOnDatabaseProxy;
  let proxy: TcpProxy;
  let png: Buffer;

  beforeAll(async () => {
    service = await startTestService();
    faulty = await startGatewayOnDatabaseProxy(service);
    proxy = faulty.database.proxy;
    png = await rasterImage('png', 16, 16);
  });
  afterAll(async () => {
    await faulty?.stop();
    await service?.stop();
  });

  const asKey = (key: string, path: string) => request(service.baseUrl).get(path).set('Authorization', `Bearer ${key}`);
  const countedAndStored = async (key: string) => ({
    counted: (await asKey(key, '/v1/usage')).body.uploads_used as number,
    stored: ((await asKey(key, '/v1/media')).body.data as unknown[]).length,
  });
  /** Waits for usage to match the media, then reports both (equal when the quota healed). */
  const afterHealing = async (key: string) => {
    await waitUntil(async () => {
      const { counted, stored } = await countedAndStored(key);
      return counted === stored;
    }, SETTLE_MS);
    return countedAndStored(key);
  };

  it('gives back a reservation that committed though its answer was lost', async () => {
    const { key } = await createKey(service.baseUrl);
    expect((await upload(service.baseUrl, png, 'kept.png', key)).status).toBe(201);

    proxy.stallAnswersTo('INSERT INTO usage_months');
    const answered = upload(faulty.baseUrl, png, 'lost.png', key).then((response) => response);
    expect(await waitUntil(async () => (await countedAndStored(key)).counted === 2, SETTLE_MS)).toBe(true);
    proxy.cutNow();
    const lost = await answered;
    proxy.heal();

    expect([lost.status, lost.body.error]).toEqual([500, 'internal_error']);
    expect(await afterHealing(key)).toEqual({ counted: 1, stored: 1 });
  });

  it('retries a refund the database never received, once it is back', async () => {
    const { key } = await createKey(service.baseUrl);
    expect((await upload(service.baseUrl, png, 'kept.png', key)).status).toBe(201);

    // The upload is rejected after its reservation; the refund's statement never reaches the database.
    proxy.cutWhenClientSends('uploads_used - 1');
    const rejected = await upload(faulty.baseUrl, png, 'bad-ns.png', key, { namespace: 'Bad NS' });
    expect(proxy.cut).toBe(true);
    proxy.heal();

    expect([rejected.status, rejected.body.error]).toEqual([422, 'validation_error']);
    expect(await afterHealing(key)).toEqual({ counted: 1, stored: 1 });
  });
});
