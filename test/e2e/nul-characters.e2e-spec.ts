import request from 'supertest';
import type { TestService } from '../harness/test-service';
import { ImportingService, startImportingService } from '../harness/importing-service';
import { upload } from '../harness/api-client';
import { mediaRows } from '../harness/media-rows';
import { stagingLeftovers } from '../harness/staging-leftovers';
import { ImportSource, serveBytes } from '../harness/import-source-server';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const NUL = '\u0000';
const nulRefused = (field: string) => ({
  error: 'validation_error',
  message: 'Validation failed',
  errors: { [field]: ['Must not contain NUL characters'] },
});

describe('NUL characters in text fields', () => {
  let stack: ImportingService;
  let service: TestService;
  let source: ImportSource;
  let key: string;
  beforeAll(async () => {
    stack = await startImportingService();
    ({ service, key, source } = stack);
  });
  afterAll(() => stack?.stop());

  it.each([
    ['name', `a${NUL}b.png`],
    ['description', `line${NUL}`],
    ['tags', `ok,ba${NUL}d`],
  ])('an upload %s with NUL answers 422 and stages nothing', async (field, value) => {
    const response = await upload(service.baseUrl, await rasterImage('png'), 'nul.png', key, { [field]: value });
    expect(response.status).toBe(422);
    expect(response.body).toEqual(nulRefused(field));
    expect(await stagingLeftovers(service)).toEqual([]);
    expect(await mediaRows(`name = 'nul.png'`)).toEqual([]);
  });

  it.each([
    ['name', `a${NUL}b.png`],
    ['description', `line${NUL}`],
    ['tags', ['ok', `ba${NUL}d`]],
  ])('an import %s with NUL answers 422', async (field, value) => {
    const url = source.route(`/nul-${field}.png`, serveBytes(await rasterImage('png'), 'image/png'));
    const response = await request(service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${key}`).send({ url, [field]: value });
    expect(response.status).toBe(422);
    expect(response.body).toEqual(nulRefused(field));
    expect(source.hits(`/nul-${field}.png`)).toBe(0);
  });

  it('imports a URL whose last segment decodes to NUL under a name without it', async () => {
    const url = source.route('/x%00.png', serveBytes(await rasterImage('png', 9, 9), 'image/png'));
    const response = await request(service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${key}`).send({ url });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: 'x.png', width: 9, height: 9 });
  });

  it.each([
    ['email', { email: `a${NUL}@example.com` }],
    ['name', { email: 'nul-key-name@example.com', name: `k${NUL}` }],
  ])('a key %s with NUL answers 422', async (field, body) => {
    const response = await request(service.baseUrl).post('/v1/keys').send(body);
    expect(response.status).toBe(422);
    expect(response.body).toEqual(nulRefused(field));
  });
});
