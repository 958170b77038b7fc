import request from 'supertest';
import { startTestService, TestService } from '../harness/test-service';
import { createKey, upload } from '../harness/api-client';
import { sql } from '../harness/sql';
import { GatewayOnDatabaseProxy, startGatewayOnDatabaseProxy } from '../harness/gateway-on-database-proxy';
import type { TcpProxy } from '../harness/tcp-proxy';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/**
 * A second gateway reaches the database through a TCP proxy. The proxy lets the request authenticate and
 * lock the row, then the database stops answering at the moment the UPDATE is sent (that connection is
 * cut and new ones are refused), as when it crashes mid-request. Other suites keep their own connections.
 */
describe('PATCH when the database stops answering', () => {
  let service: TestService;
  let proxy: TcpProxy;
  let faulty: GatewayOnDatabaseProxy;
  let faultyUrl: string;

  beforeAll(async () => {
    service = await startTestService();
    faulty = await startGatewayOnDatabaseProxy(service);
    proxy = faulty.database.proxy;
    faultyUrl = faulty.baseUrl;
  });
  afterAll(async () => {
    await faulty?.stop();
    await service?.stop();
  });

  it('answers update_failed and changes nothing; once the database is back the same patch works', async () => {
    const { key } = await createKey(service.baseUrl);
    const uploaded = await upload(service.baseUrl, await rasterImage('png'), 'db.png', key, { tags: 'a' });
    expect(uploaded.status).toBe(201);
    const id = uploaded.body.id;
    const patch = () =>
      request(faultyUrl).patch(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`).send({ name: 'changed', tags: 'b', public: false });

    proxy.cutWhenClientSends('UPDATE "media"');
    const failed = await patch();
    expect(proxy.cut).toBe(true);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: 'update_failed', message: 'Update failed' });
    expect(await sql('SELECT name, tags, is_public FROM media WHERE id = $1', [id])).toEqual([{ name: 'db.png', tags: ['a'], is_public: true }]);

    proxy.heal();
    const retried = await patch();
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id, name: 'changed', tags: ['b'], public: false });
  });
});
