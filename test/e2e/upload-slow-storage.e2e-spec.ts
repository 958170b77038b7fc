import { createKey, upload } from '../harness/api-client';
import { freePort } from '../harness/free-port';
import { startTcpProxy, TcpProxy } from '../harness/tcp-proxy';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../harness/worker-process';
import { bmpImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const IDLE_TIMEOUT_MS = 500;
const STALL_MS = 2000;

/**
 * HTTP_IDLE_TIMEOUT_MS is for clients that stop sending. A gateway whose storage is slow stops reading
 * the body itself while a part is being stored: that wait is the gateway's, not the client's, and must
 * not end in 408.
 */
describe('an upload while the gateway stages to slow storage', () => {
  let service: TestService;
  let slowS3: TcpProxy;
  let gateway: WorkerProcess;
  let gatewayUrl: string;

  beforeAll(async () => {
    service = await startTestService({ workers: 1 });
    slowS3 = await startTcpProxy({ host: '127.0.0.1', port: service.s3!.port });
    const port = await freePort();
    gateway = await startGatewayProcess({
      ...service.env,
      PORT: String(port),
      S3_ENDPOINT: `http://127.0.0.1:${slowS3.port}`,
      HTTP_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    });
    gatewayUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await gateway?.stop();
    await service?.stop();
    await slowS3?.close();
  });

  it('stores an image of more than one part, sent at full speed, rather than answering 408', async () => {
    const { key } = await createKey(service.baseUrl);
    const image = bmpImage(2400, 1000); // 7.2 MB: more than one 5 MB part, so staging buffers a part before its first call
    // Storage is slow to answer the upload's first call: meanwhile staging reads nothing more of the body.
    slowS3.stallNextAnswer(STALL_MS);
    const started = Date.now();
    const response = await upload(gatewayUrl, image, 'big.bmp', key);
    const ms = Date.now() - started;
    const { format, filesize, error, message } = response.body;
    expect([response.status, format, filesize, error, message]).toEqual([201, 'bmp', image.length, undefined, undefined]);
    // Only meaningful if staging really kept the body waiting longer than the idle limit.
    expect(ms).toBeGreaterThan(STALL_MS);
  });
});
