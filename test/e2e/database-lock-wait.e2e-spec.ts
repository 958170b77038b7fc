import { Client } from 'pg';
import { createKey, upload } from '../harness/api-client';
import { accountOfKey, sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import { sleep } from '../harness/eventually';
import '../harness/contract/check-supertest';

const QUERY_TIMEOUT_MS = 1500;
/** The lock is held this long, past the query timeout and the request's answer. */
const LOCK_MS = 4000;
/** A request waiting on the lock is answered within this (its statement's bound, plus the rest of the request). */
const ANSWER_BOUND_MS = QUERY_TIMEOUT_MS + 1500;
/** After the lock goes, long enough for a statement still queued behind it to commit. */
const AFTER_RELEASE_MS = 1000;

/**
 * Another session holds the caller's account row locked (as a long transaction would) past
 * DB_QUERY_TIMEOUT_MS, so the upload's quota reservation waits on it. The request fails within its bound,
 * and the statement it gave up on must not commit once the lock is released: no upload is taken for it.
 * (On the embedded database the holder owns its one session, so there the request's first statement
 * already waits behind it; the outcome asked for is the same.) The sweep is far off: it must not be what
 * puts the quota right.
 */
describe('a statement waiting on a row lock past the query timeout', () => {
  let service: TestService;
  let png: Buffer;

  beforeAll(async () => {
    service = await startTestService({ storage: 'fs', env: { DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS), SWEEP_INTERVAL_MS: '3600000' } });
    png = await rasterImage('png', 16, 16);
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('fails the request with a documented error and takes no upload once the lock is released', async () => {
    const { key, keyId } = await createKey(service.baseUrl);
    const accountId = await accountOfKey(keyId);

    const holder = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await holder.connect();
    let answer: { status: number; error: unknown; ms: number };
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM accounts WHERE id = $1 FOR UPDATE', [accountId]);
      const locked = Date.now();
      const response = await upload(service.baseUrl, png, 'locked.png', key).timeout(30_000);
      answer = { status: response.status, error: response.body.error, ms: Date.now() - locked };
      await sleep(LOCK_MS - (Date.now() - locked));
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    await sleep(AFTER_RELEASE_MS);

    expect(answer).toEqual({ status: 500, error: 'internal_error', ms: expect.any(Number) });
    expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
    const taken = await sql<{ used: number; reserved: number; media: number }>(
      `SELECT (SELECT COALESCE(SUM(uploads_used), 0)::int FROM usage_months WHERE account_id = $1) AS used,
              (SELECT COUNT(*)::int FROM upload_reservations WHERE account_id = $1) AS reserved,
              (SELECT COUNT(*)::int FROM media WHERE account_id = $1) AS media`,
      [accountId],
    );
    expect(taken).toEqual([{ used: 0, reserved: 0, media: 0 }]);
  });
});
