import request from 'supertest';
import { createKey } from '../harness/api-client';
import { sleep, waitUntil } from '../harness/eventually';
import { accountOfKey, sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { ReceivedDelivery, startWebhookReceiver, WebhookReceiver } from '../harness/webhook-receiver';
import { FINAL_STATUS, kindOf, REFUSAL, ROLLBACK_PREFIX, SentUpload, sendUpload, UploadKind } from './support/upload-mix';

const UPLOADS = 1000;
const CONCURRENCY = 8;
const RELAY_INTERVAL_MS = 500;
/** After the last upload and delete, how long the events may take to arrive (about 20-35 s seen on a loaded machine). */
const ARRIVAL_TIMEOUT_MS = 60_000;

interface Account {
  key: string;
  id: string;
  path: string;
  endpoint: string;
}

const mediaIdOf = (delivery: ReceivedDelivery): string => delivery.body?.data?.media?.id ?? delivery.body?.data?.id;
const eventOf = (delivery: ReceivedDelivery): string => `${mediaIdOf(delivery)} ${delivery.body?.type}`;

/**
 * 1,000 uploads, 8 at a time, by two accounts with a receiver attached, a share of them failing or refused:
 * every committed media's events reach its own account's receiver, verified with the Standard Webhooks
 * library, once or more under one webhook-id each; nothing is sent for an upload refused before its row
 * committed, nor for a ready transaction that rolled back, nor to the account the media is not of.
 */
describe('webhooks for 1,000 uploads', () => {
  let service: TestService;
  let receiver: WebhookReceiver;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    receiver = await startWebhookReceiver('127.0.0.1');
    // Storage on disk: the subject is the events, and s3rver in this process would take CPU from the gateway.
    service = await startTestService({
      workers: 1,
      storage: 'fs',
      env: { IMPORT_ALLOWED_CIDRS: '127.0.0.1/32', WEBHOOK_RELAY_INTERVAL_MS: String(RELAY_INTERVAL_MS), WORKER_CONCURRENCY: '4' },
    });
    // The sequence counts the refusals: nextval is not undone by the rollback it comes before.
    await sql(`CREATE SEQUENCE IF NOT EXISTS mix_ready_refusals`);
    await sql(`CREATE OR REPLACE FUNCTION mix_refuse_ready() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'ready' AND OLD.status <> 'ready' AND NEW.name LIKE '${ROLLBACK_PREFIX}%' THEN
          PERFORM nextval('mix_ready_refusals');
          RAISE EXCEPTION 'refused by the test';
        END IF;
        RETURN NEW;
      END $$`);
    await sql(`CREATE TRIGGER mix_refuse_ready BEFORE UPDATE ON media FOR EACH ROW EXECUTE FUNCTION mix_refuse_ready()`);
  });
  afterAll(async () => {
    await sql('DROP TRIGGER IF EXISTS mix_refuse_ready ON media').catch(() => undefined);
    await sql('DROP FUNCTION IF EXISTS mix_refuse_ready()').catch(() => undefined);
    await sql('DROP SEQUENCE IF EXISTS mix_ready_refusals').catch(() => undefined);
    await service?.stop();
    await receiver?.close();
  });

  /** An account on `plan` with `uploadsUsed` this month and an endpoint at `path` on the receiver. */
  async function accountWithEndpoint(path: string, plan: string, uploadsUsed = 0): Promise<Account> {
    const { key, keyId } = await createKey(service.baseUrl);
    const id = await accountOfKey(keyId);
    await sql(`UPDATE accounts SET plan = $2 WHERE id = $1`, [id, plan]);
    await sql(`INSERT INTO usage_months (account_id, month, uploads_used) VALUES ($1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, $2)`, [id, uploadsUsed]);
    const created = await request(service.baseUrl).post('/v1/webhooks').set(auth(key)).send({ url: receiver.url(path) });
    expect(created.status).toBe(201);
    receiver.secret(path, created.body.secret);
    return { key, id, path, endpoint: created.body.id };
  }

  it('delivers every committed media’s events to its own account, once or more under one id, and nothing for what never committed', async () => {
    const started = Date.now();
    // Pro (1,000 uploads a month) for the two that take the uploads; the third is on free with its 100 used up.
    const accounts = [await accountWithEndpoint('/a', 'pro'), await accountWithEndpoint('/b', 'pro')];
    const full = await accountWithEndpoint('/c', 'free', 100);
    const accountFor = (kind: UploadKind, i: number) => (kind === 'over_quota' ? full : accounts[i % accounts.length]);

    const next = Array.from({ length: UPLOADS }, (_, i) => i);
    const sent: (SentUpload & { account: Account })[] = [];
    const lane = async () => {
      for (let i = next.shift(); i !== undefined; i = next.shift()) {
        const upload = await sendUpload(service.baseUrl, i, accountFor(kindOf(i), i).key);
        sent.push({ ...upload, account: accountFor(upload.kind, i) });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const uploadedMs = Date.now() - started;

    const committed = sent.filter((s) => FINAL_STATUS[s.kind]);
    const refused = sent.filter((s) => REFUSAL[s.kind]);
    expect(committed.filter((s) => s.status !== 202)).toEqual([]);
    expect(refused.filter((s) => s.status !== REFUSAL[s.kind]![0] || s.body.error !== REFUSAL[s.kind]![1])).toEqual([]);

    // One image in 40 is deleted once ready: media.ready, then media.deleted.
    const deleted = new Set<string>();
    for (const s of committed.filter((s) => s.kind === 'image' && s.i % 40 === 0)) {
      await waitUntil(async () => (await sql(`SELECT 1 FROM media WHERE id = $1 AND status = 'ready'`, [s.body.id])).length > 0, ARRIVAL_TIMEOUT_MS);
      expect((await request(service.baseUrl).delete(`/v1/media/${s.body.id}`).set(auth(s.account.key))).status).toBe(200);
      deleted.add(s.body.id);
    }

    /** The events each account's receiver must get: what each committed media's final state implies. */
    const expected = new Map<string, Set<string>>(accounts.map((a) => [a.path, new Set()]));
    for (const s of committed) {
      const types = s.kind !== 'image' ? ['media.failed'] : deleted.has(s.body.id) ? ['media.ready', 'media.deleted'] : ['media.ready'];
      for (const type of types) expected.get(s.account.path)!.add(`${s.body.id} ${type}`);
    }
    const receivedEvents = (path: string) => new Set(receiver.deliveries(path).map(eventOf));
    const allArrived = () =>
      accounts.every((a) => {
        const got = receivedEvents(a.path);
        return [...expected.get(a.path)!].every((event) => got.has(event));
      });
    const arrived = await waitUntil(allArrived, ARRIVAL_TIMEOUT_MS, 250);
    const arrivedMs = Date.now() - started;
    // A late or extra event (a rolled-back ready, another account's) has a few relay rounds to show up.
    await sleep(4 * RELAY_INTERVAL_MS);

    const rows = await sql<{ id: string; status: string }>('SELECT id, status FROM media WHERE account_id = ANY($1)', [[...accounts, full].map((a) => a.id)]);
    const statusOf = new Map(rows.map((row) => [row.id, row.status]));
    // A deleted media's row goes once its objects are removed.
    const finalStatus = (s: SentUpload) => (deleted.has(s.body.id) ? 'deleted' : FINAL_STATUS[s.kind]);
    expect(committed.filter((s) => (statusOf.get(s.body.id) ?? 'deleted') !== finalStatus(s)).map((s) => [s.name, statusOf.get(s.body.id)])).toEqual([]);
    expect(rows.filter((row) => row.status !== 'deleted').length).toBe(committed.length - deleted.size);
    // Every rolled-back upload did try to turn ready, and its events went with the rollback.
    const [{ refusals }] = await sql<{ refusals: string }>(`SELECT last_value AS refusals FROM mix_ready_refusals`);
    expect(Number(refusals)).toBeGreaterThanOrEqual(committed.filter((s) => s.kind === 'rollback').length);

    const byAccount = (each: (a: Account) => unknown) => Object.fromEntries(accounts.map((a) => [a.path, each(a)]));
    expect({
      arrived,
      missing: byAccount((a) => [...expected.get(a.path)!].filter((event) => !receivedEvents(a.path).has(event))),
      unexpected: byAccount((a) => [...receivedEvents(a.path)].filter((event) => !expected.get(a.path)!.has(event))),
    }).toEqual({ arrived: true, missing: byAccount(() => []), unexpected: byAccount(() => []) });
    expect(receiver.deliveries().filter((delivery) => !delivery.verified)).toEqual([]);
    // One webhook-id per event, however often it was delivered.
    const ids = new Map<string, Set<string>>();
    for (const delivery of receiver.deliveries()) ids.set(eventOf(delivery), (ids.get(eventOf(delivery)) ?? new Set()).add(delivery.id));
    expect([...ids].filter(([, each]) => each.size !== 1)).toEqual([]);
    expect(await sql('SELECT id FROM webhook_outbox WHERE endpoint_id = ANY($1)', [accounts.map((a) => a.endpoint)])).toEqual([]);
    expect(receiver.deliveries(full.path)).toEqual([]);
    const rolledBack = new Set(committed.filter((s) => s.kind === 'rollback').map((s) => s.body.id));
    const rollbackFailures = receiver.deliveries().filter((delivery) => rolledBack.has(delivery.body.data.id));
    expect(new Set(rollbackFailures.map((delivery) => JSON.stringify(delivery.body.data.error)))).toEqual(new Set([JSON.stringify({ error: 'upload_failed', message: 'Upload failed' })]));

    const events = accounts.reduce((n, a) => n + expected.get(a.path)!.size, 0);
    const deliveries = receiver.deliveries().length;
    console.log(
      `${UPLOADS} uploads (${committed.length} committed, ${refused.length} refused, ${deleted.size} deleted after): answered in ` +
        `${uploadedMs} ms, every event in at ${arrivedMs} ms; ${events} events, ${deliveries} deliveries (${deliveries - events} repeats)`,
    );
  });
});
