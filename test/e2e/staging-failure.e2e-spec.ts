import { promises as fs } from 'fs';
import * as path from 'path';
import request from 'supertest';
import { createKey, upload } from '../harness/api-client';
import { waitUntil } from '../harness/eventually';
import { freePort } from '../harness/free-port';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../harness/worker-process';
import { jsonLogRecords } from '../harness/log-records';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

/**
 * A gateway process on folder storage whose staging folder cannot be written (a file stands where the
 * folder should be, so every open fails with ENOTDIR, even for root): the caller gets the documented
 * upload_failed, and the log says why.
 */
describe('an upload whose staging write fails', () => {
  let service: TestService;
  let gateway: WorkerProcess;
  let gatewayUrl: string;

  beforeAll(async () => {
    service = await startTestService({ storage: 'fs', workers: 0 });
    const port = await freePort();
    gateway = await startGatewayProcess({ ...service.env, PORT: String(port), LOG_LEVEL: 'warn', LOG_FORMAT: 'json' });
    gatewayUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await gateway?.stop();
    await service?.stop();
  });

  it('answers upload_failed, gives the quota back and logs a warning with the cause', async () => {
    const { key } = await createKey(service.baseUrl);
    const staging = path.join(service.config.dataDir, 'objects', 'staging');
    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(path.dirname(staging), { recursive: true });
    await fs.writeFile(staging, 'not a folder');

    const mark = gateway.output().length;
    const response = await upload(gatewayUrl, await rasterImage('png', 16, 16), 'unstaged.png', key);
    expect([response.status, response.body]).toEqual([500, { error: 'upload_failed', message: 'Upload failed' }]);
    const usage = await request(gatewayUrl).get('/v1/usage').set('Authorization', `Bearer ${key}`);
    expect(usage.body.uploads_used).toBe(0);

    // The line is written before the answer, but reaches this process through a pipe of its own.
    await waitUntil(() => gateway.output().slice(mark).includes('could not stage the upload'), 5000);
    const records = jsonLogRecords(gateway.output().slice(mark));
    const staged = records.filter((record) => record.msg === 'could not stage the upload');
    expect(staged.map((record) => [record.level, record.context, record.cause])).toEqual([[40, 'UploadService', 'ENOTDIR (open)']]);
    // The cause names no machine path.
    expect(JSON.stringify(staged)).not.toContain(service.config.dataDir);
  });
});
