import { randomBytes } from 'crypto';
import request from 'supertest';
import { closing, field, filePart, sendRawMultipart } from '../harness/multipart-body';
import { startTestService, TestService } from '../harness/test-service';
import { mediaRows } from '../harness/media-rows';
import { stagingLeftovers } from '../harness/staging-leftovers';
import '../harness/contract/check-supertest';

const sendRaw = (baseUrl: string, body: string, chunked = false) => sendRawMultipart(baseUrl, body, { chunked });
// A name no other suite uploads: the database is shared by every suite of the run.
const FILE_NAME = `malformed-${randomBytes(4).toString('hex')}.jpg`;

describe.each(['fs', 's3'] as const)('a multipart body that breaks after its file part (%s storage)', (storage) => {
  let service: TestService;
  beforeAll(async () => (service = await startTestService({ workers: 0, storage })));
  afterAll(() => service.stop());

  const variants: Array<[string, string, boolean]> = [
    ['ends without its closing boundary', filePart(FILE_NAME), false],
    ['ends without its closing boundary, chunked', filePart(FILE_NAME), true],
    ['goes on with 1,000 fields', filePart(FILE_NAME) + Array.from({ length: 1000 }, (_, i) => field(`f${i}`, 'v')).join('') + closing, false],
    ['goes on with 1,000 file parts', filePart(FILE_NAME) + Array.from({ length: 1000 }, (_, i) => filePart(`b${i}.jpg`)).join('') + closing, false],
    ['goes on with garbage', filePart(FILE_NAME) + '\x00\xff garbage without any boundary'.repeat(50), false],
    ['goes on with garbage, chunked', filePart(FILE_NAME) + '\x00\xff garbage without any boundary'.repeat(50), true],
  ];

  it.each(variants)('answers 422 when it %s, and leaves nothing behind', async (_name, body, chunked) => {
    const answer = await sendRaw(service.baseUrl, body, chunked);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: 'validation_error', message: 'Validation failed' });
    expect(await stagingLeftovers(service)).toEqual([]);
    expect(await mediaRows('name = $1', [FILE_NAME])).toEqual([]);
    expect((await request(service.baseUrl).get('/health')).status).toBe(200);
  });

  it('answers 422 for a field over 64 KB sent before the file, and stages nothing', async () => {
    const answer = await sendRaw(service.baseUrl, field('description', 'x'.repeat(70 * 1024)) + filePart() + closing);
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { description: ['Value is too long'] } });
    expect(await stagingLeftovers(service)).toEqual([]);
  });
});
