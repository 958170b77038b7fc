import request from 'supertest';
import { createKey, upload } from '../harness/api-client';
import { eventually, sleep } from '../harness/eventually';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { startWebhookReceiver, WebhookReceiver } from '../harness/webhook-receiver';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const REFUSED_NAME = 'rollback-me.png';

/**
 * A bounded burst of uploads by two accounts, each with a receiver attached: every event arrives at least
 * once, verified, at its own account's endpoint only; a change that rolled back sends nothing.
 */
describe('webhooks under a burst of uploads', () => {
  let service: TestService;
  let receiver: WebhookReceiver;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    receiver = await startWebhookReceiver('127.0.0.1');
    service = await startTestService({ workers: 1, env: { IMPORT_ALLOWED_CIDRS: '127.0.0.1/32', WEBHOOK_RELAY_INTERVAL_MS: '500' } });
    // A delete of this one media fails inside its transaction, after the outbox row was written: all of it rolls back.
    await sql(`CREATE OR REPLACE FUNCTION webhook_test_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'deleted' AND OLD.name = '${REFUSED_NAME}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await sql(`CREATE TRIGGER webhook_test_refuse_delete BEFORE UPDATE ON media FOR EACH ROW EXECUTE FUNCTION webhook_test_refuse_delete()`);
  });
  afterAll(async () => {
    await sql('DROP TRIGGER IF EXISTS webhook_test_refuse_delete ON media').catch(() => undefined);
    await sql('DROP FUNCTION IF EXISTS webhook_test_refuse_delete()').catch(() => undefined);
    await service?.stop();
    await receiver?.close();
  });

  it('delivers every event at least once to its own account only, and none for a change that rolled back', async () => {
    const accounts = await Promise.all(['/a', '/b'].map(async (path) => {
      const { key } = await createKey(service.baseUrl);
      const created = await request(service.baseUrl).post('/v1/webhooks').set(auth(key)).send({ url: receiver.url(path) });
      expect(created.status).toBe(201);
      receiver.secret(path, created.body.secret);
      return { key, path, endpoint: created.body.id as string, media: [] as string[] };
    }));
    const [a, b] = accounts;
    const png = await rasterImage('png', 32, 24);

    // 50 uploads, 10 at a time, alternating between the accounts.
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 10 }, async (_, i) => {
        const account = accounts[i % 2];
        const response = await upload(service.baseUrl, png, `burst-${round}-${i}.png`, account.key);
        expect(response.status).toBe(201);
        account.media.push(response.body.id);
      }));
    }
    const refused = await upload(service.baseUrl, png, REFUSED_NAME, a.key);
    expect(refused.status).toBe(201);
    a.media.push(refused.body.id);
    const failedDelete = await request(service.baseUrl).delete(`/v1/media/${refused.body.id}`).set(auth(a.key));
    expect(failedDelete.status).toBe(500);
    expect(failedDelete.body).toEqual({ error: 'delete_failed', message: 'Delete failed' });
    // Another account's delete is refused before anything is written.
    expect((await request(service.baseUrl).delete(`/v1/media/${a.media[0]}`).set(auth(b.key))).status).toBe(403);

    const readyIds = (path: string) => new Set(receiver.deliveries(path).filter((d) => d.body.type === 'media.ready').map((d) => d.body.data.media.id));
    await eventually(async () => accounts.every((account) => account.media.every((id) => readyIds(account.path).has(id))), 30_000);
    await sleep(1000);
    for (const [mine, theirs] of [[a, b], [b, a]]) {
      const received = receiver.deliveries(mine.path);
      expect(received.every((delivery) => delivery.verified)).toBe(true);
      expect(received.every((delivery) => delivery.body.type === 'media.ready')).toBe(true);
      expect([...readyIds(mine.path)].sort()).toEqual([...mine.media].sort());
      expect(received.some((delivery) => theirs.media.includes(delivery.body.data.media.id))).toBe(false);
      expect(await sql('SELECT id FROM webhook_outbox WHERE endpoint_id = $1', [mine.endpoint])).toEqual([]);
    }
    expect(await sql('SELECT status FROM media WHERE id = $1', [refused.body.id])).toEqual([{ status: 'ready' }]);
  });
});
