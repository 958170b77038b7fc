import * as net from 'net';
import request from 'supertest';
import { serveBytes } from '../harness/import-source-server';
import { ImportingService, startImportingService } from '../harness/importing-service';
import { startTestService, TestService } from '../harness/test-service';
import { createKey, upload } from '../harness/api-client';
import { eventually, sleep } from '../harness/eventually';
import { mediaRows } from '../harness/media-rows';
import { accountOfKey, sql } from '../harness/sql';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/** Every upload of this suite is named uniquely, so its media rows can be counted by name. */
let names = 0;
const uniqueName = (label: string) => `idem-${label}-${process.pid}-${Date.now()}-${names++}.png`;

describe('Idempotency-Key on POST /v1/upload', () => {
  let service: TestService;
  let png: Buffer;

  beforeAll(async () => {
    // Two creations per key and minute: a replay that counted would be refused by the third request.
    service = await startTestService({ workers: 1, env: { RATE_LIMIT_PER_KEY: '2', RATE_LIMIT_PER_KEY_WINDOW_S: '60' } });
    png = await rasterImage('png', 40, 30);
  });
  afterAll(() => service.stop());

  const accounts = new Map<string, string>();
  const newKey = async () => {
    const { key, keyId } = await createKey(service.baseUrl);
    accounts.set(key, await accountOfKey(keyId));
    return key;
  };
  const uploadWithKey = (apiKey: string | undefined, idempotencyKey: string, file: Buffer, filename: string, fields: Record<string, string> = {}) =>
    upload(service.baseUrl, file, filename, apiKey, fields).set('Idempotency-Key', idempotencyKey);
  // Read in the database: GET /v1/usage would count against the key's rate limit too.
  const uploadsUsed = async (apiKey: string) =>
    (await sql<{ used: number }>('SELECT coalesce(sum(uploads_used), 0)::int AS used FROM usage_months WHERE account_id = $1', [accounts.get(apiKey)]))[0].used;

  it('answers a repeat with the first answer, marked replayed, without a second media, quota or rate-limit count', async () => {
    const apiKey = await newKey();
    const name = uniqueName('repeat');
    const first = await uploadWithKey(apiKey, 'order-1', png, name);
    expect(first.status).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    // Rate limit 2 per key: four repeats would pass it if any of them counted.
    for (let i = 0; i < 4; i++) {
      const repeat = await uploadWithKey(apiKey, 'order-1', png, name);
      expect(repeat.status).toBe(201);
      expect(repeat.headers['idempotency-replayed']).toBe('true');
      expect(repeat.body).toEqual(first.body);
    }
    expect(await mediaRows('name = $1', [name])).toHaveLength(1);
    expect(await uploadsUsed(apiKey)).toBe(1);
    // The one counted request left room for exactly one more.
    expect((await upload(service.baseUrl, png, uniqueName('after'), apiKey)).status).toBe(201);
    expect((await upload(service.baseUrl, png, uniqueName('after'), apiKey)).status).toBe(429);
  });

  it('refuses the same key with other bytes, or other fields, as a conflict', async () => {
    const apiKey = await newKey();
    const name = uniqueName('conflict');
    expect((await uploadWithKey(apiKey, 'k', png, name)).status).toBe(201);
    const otherBytes = await rasterImage('png', 41, 30);
    for (const repeat of [uploadWithKey(apiKey, 'k', otherBytes, name), uploadWithKey(apiKey, 'k', png, name, { tags: 'x' })]) {
      const answer = await repeat;
      expect(answer.status).toBe(409);
      expect(answer.body).toEqual({ error: 'idempotency_key_conflict', message: 'This Idempotency-Key was already used with a different request.' });
    }
    expect(await mediaRows('name = $1', [name])).toHaveLength(1);
  });

  it('refuses a key that is empty, too long or not printable ASCII, on the header', async () => {
    const apiKey = await newKey();
    for (const bad of ['x'.repeat(256), 'café', 'tab\there']) {
      const answer = await uploadWithKey(apiKey, bad, png, uniqueName('bad-key'));
      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { 'Idempotency-Key': ['Must be 1 to 255 printable ASCII characters'] } });
    }
    const empty = await upload(service.baseUrl, png, uniqueName('bad-key'), apiKey).set('Idempotency-Key', '');
    expect(empty.status).toBe(422);
    expect((await uploadWithKey(apiKey, 'y'.repeat(255), png, uniqueName('long-key'))).status).toBe(201);
  });

  it('releases the key after a 422: the corrected request is a fresh attempt', async () => {
    const apiKey = await newKey();
    const refused = await uploadWithKey(apiKey, 'fix-me', png, uniqueName('refused'), { namespace: 'Bad Namespace' });
    expect(refused.status).toBe(422);
    const name = uniqueName('fixed');
    const fixed = await uploadWithKey(apiKey, 'fix-me', png, name);
    expect(fixed.status).toBe(201);
    expect(fixed.headers['idempotency-replayed']).toBeUndefined();
    expect(await mediaRows('name = $1', [name])).toHaveLength(1);
  });

  it('keeps a corrupt file’s upload_failed: the same bytes again get the same 500, replayed', async () => {
    const apiKey = await newKey();
    const corrupt = (await rasterImage('jpeg', 200, 150)).subarray(0, 300);
    const name = uniqueName('corrupt').replace('.png', '.jpg');
    const first = await uploadWithKey(apiKey, 'corrupt', corrupt, name);
    expect(first.status).toBe(500);
    expect(first.body.error).toBe('upload_failed');
    const repeat = await uploadWithKey(apiKey, 'corrupt', corrupt, name);
    expect(repeat.status).toBe(500);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['idempotency-replayed']).toBe('true');
    expect(await mediaRows('name = $1', [name])).toHaveLength(1);
  });

  it('scopes keys to the account: the same key from two accounts makes two media', async () => {
    const [one, two] = [await newKey(), await newKey()];
    const name = uniqueName('two-accounts');
    const first = await uploadWithKey(one, 'shared', png, name);
    const second = await uploadWithKey(two, 'shared', png, name);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers['idempotency-replayed']).toBeUndefined();
    expect(second.body.id).not.toBe(first.body.id);
    expect(await mediaRows('name = $1', [name])).toHaveLength(2);
  });

  it('scopes anonymous keys to the client IP', async () => {
    const name = uniqueName('anonymous');
    const first = await uploadWithKey(undefined, 'anon', png, name);
    const repeat = await uploadWithKey(undefined, 'anon', png, name);
    expect([first.status, repeat.status]).toEqual([201, 201]);
    expect(repeat.headers['idempotency-replayed']).toBe('true');
    expect(repeat.body.id).toBe(first.body.id);
    expect(await mediaRows('name = $1', [name])).toHaveLength(1);
  });

  it('forgets a key after 24 hours: the same key is a new request', async () => {
    const apiKey = await newKey();
    const name = uniqueName('day-old');
    const first = await uploadWithKey(apiKey, 'yesterday', png, name);
    expect(first.status).toBe(201);
    await sql(`UPDATE idempotency_keys SET created_at = created_at - interval '24 hours 1 second' WHERE key = 'yesterday'`);
    const later = await uploadWithKey(apiKey, 'yesterday', png, name);
    expect(later.status).toBe(201);
    expect(later.headers['idempotency-replayed']).toBeUndefined();
    expect(later.body.id).not.toBe(first.body.id);
  });

  it('frees a key left in progress by a gateway that died: at once when its media is final, else after the longest request', async () => {
    const [apiKey, secondKey] = [await newKey(), await newKey()];
    const held = async (key: string, mediaId: string, age: string, owner = apiKey) =>
      sql(`INSERT INTO idempotency_keys (scope, key, claim_id, state, media_id, created_at) VALUES ($1, $2, gen_random_uuid(), 'in_progress', $3, now() - $4::interval)`, [
        `account:${accounts.get(owner)}`,
        key,
        mediaId,
        age,
      ]);
    await held('fresh', 'nomedia1', '0 seconds');
    expect((await uploadWithKey(apiKey, 'fresh', png, uniqueName('held'))).status).toBe(409);
    // Its media finished (the gateway died while answering): the key is free now.
    const done = await upload(service.baseUrl, png, uniqueName('done'), apiKey);
    await held('media-final', done.body.id, '0 seconds');
    const afterFinal = await uploadWithKey(apiKey, 'media-final', png, uniqueName('after-final'));
    expect(afterFinal.status).toBe(201);
    expect(afterFinal.headers['idempotency-replayed']).toBeUndefined();
    // No media row: past JOB_WAIT_TIMEOUT_MS + HTTP_REQUEST_TIMEOUT_MS no request can still hold it.
    const bound = service.config.jobWaitTimeoutMs + service.config.http.requestTimeoutMs;
    // (Another account: this one has used its two creations of the minute.)
    await held('timed-out', 'nomedia2', `${bound + 1000} milliseconds`, secondKey);
    expect((await uploadWithKey(secondKey, 'timed-out', png, uniqueName('after-bound'))).status).toBe(201);
  });

  it('answers 20 concurrent requests with one key with exactly one media; the others replay it or are told to wait', async () => {
    const apiKey = await newKey();
    const name = uniqueName('concurrent');
    const answers = await Promise.all(Array.from({ length: 20 }, () => uploadWithKey(apiKey, 'burst', png, name)));
    // Every answer is a 201 or the documented 409 (listed in full, so a failure says what came instead).
    const outcomes = answers.map((answer) => `${answer.status} ${answer.body.error ?? 'created'}`);
    expect(outcomes.filter((outcome) => outcome !== '201 created' && outcome !== '409 idempotency_key_in_progress')).toEqual([]);
    expect(await mediaRows('name = $1', [name])).toHaveLength(1);
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(created.filter((answer) => answer.headers['idempotency-replayed'] === undefined)).toHaveLength(1);
    for (const answer of created) expect(answer.body.id).toBe(created[0].body.id);
    for (const answer of answers.filter((each) => each.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.headers['retry-after']).toBe('2');
      expect(answer.body).toEqual({
        error: 'idempotency_key_in_progress',
        message: 'A request with this Idempotency-Key is still in progress.',
        action: { type: 'wait', seconds: 2 },
      });
    }
    expect(await uploadsUsed(apiKey)).toBe(1);
  });

  it('documents the header and both 409s on both create routes in the OpenAPI document', async () => {
    const document = (await request(service.baseUrl).get('/openapi.json')).body;
    for (const path of ['/v1/upload', '/v1/import']) {
      const operation = document.paths[path].post;
      expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]));
      expect(JSON.stringify(operation.responses['409'])).toMatch(/idempotency_key_conflict[\s\S]*idempotency_key_in_progress|idempotency_key_in_progress[\s\S]*idempotency_key_conflict/);
    }
  });

  it('gives a client that dropped its connection after sending the 201 on its retry, with one media', async () => {
    const apiKey = await newKey();
    const name = uniqueName('dropped');
    const body = multipartBody(png, name);
    const socket = net.connect(new URL(service.baseUrl).port ? Number(new URL(service.baseUrl).port) : 80, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.write(
      `POST /v1/upload HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${apiKey}\r\nIdempotency-Key: dropped\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body);
    // Gone as soon as the gateway has the whole request (its media row exists), before any answer.
    await eventually(async () => (await mediaRows('name = $1', [name])).length === 1);
    socket.destroy();
    let retry = await uploadWithKey(apiKey, 'dropped', png, name);
    for (let attempt = 0; retry.status === 409 && attempt < 30; attempt++) {
      expect(retry.body.error).toBe('idempotency_key_in_progress');
      await sleep(Number(retry.headers['retry-after']) * 1000);
      retry = await uploadWithKey(apiKey, 'dropped', png, name);
    }
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(await mediaRows('name = $1', [name])).toEqual([expect.objectContaining({ id: retry.body.id, status: 'ready' })]);
  });
});

describe('Idempotency-Key on POST /v1/import', () => {
  let importing: ImportingService;
  let png: Buffer;

  beforeAll(async () => {
    importing = await startImportingService();
    png = await rasterImage('png', 30, 20);
  });
  afterAll(() => importing.stop());

  const importWithKey = (idempotencyKey: string, body: Record<string, unknown>, prefer?: string) => {
    let req = request(importing.service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${importing.key}`).set('Idempotency-Key', idempotencyKey);
    if (prefer) req = req.set('Prefer', prefer);
    return req.send(body);
  };

  it('answers a repeat of a 202 with the media’s state now: 201 once it is ready, same id, one fetch', async () => {
    const url = importing.source.route('/idem-async.png', serveBytes(png, 'image/png'));
    const first = await importWithKey('import-async', { url }, 'respond-async');
    expect(first.status).toBe(202);
    let repeat = await importWithKey('import-async', { url }, 'respond-async');
    for (let attempt = 0; repeat.status === 202 && attempt < 100; attempt++) {
      await sleep(100);
      repeat = await importWithKey('import-async', { url }, 'respond-async');
    }
    expect(repeat.status).toBe(201);
    expect(repeat.headers['idempotency-replayed']).toBe('true');
    expect(repeat.body.id).toBe(first.body.id);
    expect(repeat.body.status).toBeUndefined();
    expect(importing.source.hits('/idem-async.png')).toBe(1);
  });

  it('refuses the same key with another URL as a conflict, and replays a fetch_failed as it was', async () => {
    const missing = importing.source.url('/idem-missing.png');
    const first = await importWithKey('import-missing', { url: missing });
    expect(first.status).toBe(502);
    expect(first.body).toEqual({ error: 'fetch_failed', message: 'URL returned 404' });
    const repeat = await importWithKey('import-missing', { url: missing });
    expect(repeat.status).toBe(502);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['idempotency-replayed']).toBe('true');
    expect(importing.source.hits('/idem-missing.png')).toBe(1);
    const other = await importWithKey('import-missing', { url: importing.source.url('/idem-other.png') });
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('idempotency_key_conflict');
  });
});

const BOUNDARY = 'idempotency-test-boundary';

/** The multipart body supertest's `attach('file', …)` sends, for a client written on a bare socket. */
function multipartBody(file: Buffer, filename: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}
