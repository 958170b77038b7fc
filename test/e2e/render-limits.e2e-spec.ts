import request from 'supertest';
import { Readable } from 'stream';
import { FORMAT_INFO, OUTPUT_FORMATS, VARIANT_SIZES } from '@app/formats';
import { originalKey } from '@app/storage';
import { createKey, pathOf, upload } from '../harness/api-client';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { rendersOf } from '../harness/variant-renders';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const RENDERS_PER_IP = 20;
const WINDOW_S = 600;

/** A fresh client address per test: the suite trusts its loopback proxy, so X-Forwarded-For is the client. */
let ipCounter = 1;
const freshIp = () => `198.51.100.${ipCounter++}`;

describe('renders cost someone: new variant renders are limited per client IP', () => {
  let service: TestService;
  let key: string;
  beforeAll(async () => {
    service = await startTestService({
      workers: 1,
      storage: 'fs',
      env: { TRUST_PROXY: 'loopback', RATE_LIMIT_RENDERS_PER_IP: String(RENDERS_PER_IP), RATE_LIMIT_RENDERS_WINDOW_S: String(WINDOW_S) },
    });
    key = (await createKey(service.baseUrl)).key;
  });
  afterAll(() => service?.stop());

  const get = (path: string, ip: string) => request(service.baseUrl).get(path).set('X-Forwarded-For', ip).buffer(true);

  async function uploadedJpeg(name: string): Promise<{ id: string; src: string }> {
    const response = await upload(service.baseUrl, await rasterImage('jpeg', 48, 32), name, key);
    expect(response.status).toBe(201);
    return response.body;
  }

  /** Every variant path of a JPEG original: each output extension at each size, but the original itself. */
  function variantPathsOf(src: string): string[] {
    const base = pathOf(src).replace(/\.jpg$/, '');
    const extensions = OUTPUT_FORMATS.map((format) => FORMAT_INFO[format].ext);
    return extensions.flatMap((ext) => VARIANT_SIZES.filter((size) => !(ext === 'jpg' && size === 'o')).map((size) => `${base}.${ext}?size=${size}`));
  }

  it('200 distinct render misses from one IP: the limit holds, stored variants are still served, other IPs render', async () => {
    const media = await Promise.all(Array.from({ length: 9 }, (_, i) => uploadedJpeg(`many-${i}.jpg`)));
    const paths = media.flatMap((item) => variantPathsOf(item.src)).slice(0, 200);
    expect(new Set(paths).size).toBe(200);
    const ip = freshIp();
    const answers: request.Response[] = [];
    for (let i = 0; i < paths.length; i += 10) answers.push(...(await Promise.all(paths.slice(i, i + 10).map((path) => get(path, ip)))));

    const served = paths.filter((_, i) => answers[i].status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(served).toHaveLength(RENDERS_PER_IP);
    expect(refused).toHaveLength(200 - RENDERS_PER_IP);
    for (const answer of refused) {
      expect(answer.body).toEqual({
        error: 'rate_limited',
        message: 'Too many new image renders from this address. Try again later.',
        action: { type: 'wait', seconds: expect.any(Number) },
      });
      expect(answer.body.action.seconds).toBeGreaterThan(0);
      expect(answer.body.action.seconds).toBeLessThanOrEqual(WINDOW_S);
      expect(answer.headers['retry-after']).toBe(String(answer.body.action.seconds));
    }
    const ids = media.map((item) => item.id);
    const rows = await sql<{ n: string }>('SELECT count(*) AS n FROM media_variants WHERE object_id = ANY($1)', [ids]);
    expect(Number(rows[0].n)).toBe(RENDERS_PER_IP);

    // Still limited, stored variants are served to the same IP and count nothing.
    for (const path of served) expect((await get(path, ip)).status).toBe(200);
    const unrendered = paths.find((path) => !served.includes(path))!;
    expect((await get(unrendered, ip)).status).toBe(429);
    // The limit is the address's, not the media's.
    expect((await get(unrendered, freshIp())).status).toBe(200);
  });

  it('a remembered failure starts no job and costs nothing: the same error at once, never 429', async () => {
    const { id, src } = await uploadedJpeg('broken.jpg');
    await service.store.putStream(originalKey(id, 'jpg'), Readable.from([Buffer.from('not an image at all')]), 'image/jpeg');
    const path = pathOf(src).replace(/\.jpg$/, '.png?size=s');
    const ip = freshIp();
    for (let i = 0; i < RENDERS_PER_IP + 5; i++) {
      const answer = await get(path, ip);
      expect([answer.status, answer.body]).toEqual([500, { error: 'internal_error', message: 'Image could not be rendered' }]);
    }
    expect(rendersOf(service, `variants/${id}/s.png`)).toBe(1);
  });
});
