import type { Server } from 'net';
import request from 'supertest';
import { filePart } from '../harness/multipart-body';
import { mediaRows } from '../harness/media-rows';
import { stagingLeftovers } from '../harness/staging-leftovers';
import { recordServerSockets, streamedUpload } from '../harness/streamed-upload';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

const MB = 1024 * 1024;
/** The anonymous cap (ANONYMOUS_MAX_MB's default) plus the 1 MB the SPEC allows for multipart overhead. */
const ANONYMOUS_READ_LIMIT = 20 * MB + MB;

describe('an upload over its cap is not read past the cap plus 1 MB', () => {
  let service: TestService;
  let sockets: ReturnType<typeof recordServerSockets>;

  beforeAll(async () => {
    service = await startTestService({ workers: 0 });
    sockets = recordServerSockets(service.app.getHttpServer() as Server);
  });
  afterAll(() => service.stop());

  /** How many bytes the gateway's own socket read for the last connection, once it has closed. */
  async function bytesReadByGateway(): Promise<number> {
    const socket = sockets.latest();
    await sockets.closed(socket);
    return socket.bytesRead;
  }

  it('answers a declared 100 MB body against the anonymous 20 MB cap before reading it', async () => {
    const answer = await streamedUpload(service.baseUrl, { fileBytes: 100 * MB, chunked: false });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ error: 'upload_failed', message: 'File too large: 100.00 MB. Maximum file size is 20 MB.' });
    expect(answer.headers.connection).toBe('close');
    expect(await bytesReadByGateway()).toBeLessThanOrEqual(ANONYMOUS_READ_LIMIT);
    expect(await stagingLeftovers(service)).toEqual([]);
  });

  it('answers a chunked 100 MB body as soon as it passes the cap', async () => {
    const answer = await streamedUpload(service.baseUrl, { fileBytes: 100 * MB, chunked: true });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ error: 'upload_failed', message: 'File too large: more than 20.00 MB. Maximum file size is 20 MB.' });
    expect(answer.headers.connection).toBe('close');
    expect(await bytesReadByGateway()).toBeLessThanOrEqual(ANONYMOUS_READ_LIMIT);
    expect(await stagingLeftovers(service)).toEqual([]);
    expect(await mediaRows(`name = 'big.jpg'`)).toEqual([]);
  });

  it('refuses a second file part at once', async () => {
    const answer = await streamedUpload(service.baseUrl, { fileBytes: 15 * MB, chunked: false, before: filePart('first.jpg') });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { file: ['Send one file, in the field "file"'] } });
    expect(await bytesReadByGateway()).toBeLessThanOrEqual(MB);
    expect(await stagingLeftovers(service)).toEqual([]);
  });

  it('lets a client that writes its whole body before reading finish and see the answer, without a reset', async () => {
    // Just over the cap, the rest trickling in after the answer: it fits in what the lingering close reads.
    const answer = await streamedUpload(service.baseUrl, {
      fileBytes: 20 * MB + 192 * 1024,
      chunked: true,
      writeBeforeReading: true,
      trickleAfterBytes: 20 * MB,
      trickleMs: 300,
    });
    expect(answer.reset).toBe(false);
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ error: 'upload_failed', message: 'File too large: more than 20.00 MB. Maximum file size is 20 MB.' });
  });

  it('lets a client still writing a 100 MB body read the answer once its writes stall, instead of resetting it', async () => {
    // Past what the lingering close reads, the gateway stops reading rather than resetting: a reset would
    // reach this client before it read the answer, and the answer would be lost.
    const answer = await streamedUpload(service.baseUrl, { fileBytes: 100 * MB, chunked: true, writeBeforeReading: true });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ error: 'upload_failed', message: 'File too large: more than 20.00 MB. Maximum file size is 20 MB.' });
    expect(await bytesReadByGateway()).toBeLessThanOrEqual(ANONYMOUS_READ_LIMIT);
  });

  it('keeps serving afterwards', async () => {
    expect((await request(service.baseUrl).get('/health')).status).toBe(200);
  });
});
