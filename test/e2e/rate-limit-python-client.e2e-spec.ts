import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import { rasterImage } from '../fixtures/images';
import { createKey } from '../harness/api-client';
import { startTestService, TestService } from '../harness/test-service';
import '../harness/contract/check-supertest';

const SCRIPT = path.join(__dirname, '..', 'fixtures', 'error-reference-client.py');

interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runPython(args: string[], env: Record<string, string>): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile('python3', [SCRIPT, ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe("the Error Reference's Python example against a keyed limit", () => {
  let service: TestService;
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-python-'));
    service = await startTestService({ workers: 1, storage: 'fs', env: { RATE_LIMIT_PER_KEY: '2', RATE_LIMIT_PER_KEY_WINDOW_S: '6' } });
  });
  afterAll(async () => {
    await service?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('waits the seconds of the wait action, retries and ends with the uploaded media', async () => {
    const { key } = await createKey(service.baseUrl);
    const file = path.join(dir, 'photo.png');
    await fs.writeFile(file, await rasterImage('png', 32, 24));
    // Spend the key's 2 requests of this window (a request that fails validation counts too). The window
    // is long enough that it is still full when Python has started, even on a loaded machine.
    for (let i = 0; i < 2; i++) {
      expect((await request(service.baseUrl).post('/v1/upload').set('Authorization', `Bearer ${key}`).send({})).status).toBe(422);
    }

    const started = Date.now();
    const run = await runPython([key, file], { API_URL: service.baseUrl });
    expect(run).toMatchObject({ code: 0 });

    const answers = run.stderr.trim().split('\n').map((line) => JSON.parse(line));
    expect(answers).toEqual([{ status: 429, retry_after: expect.stringMatching(/^[1-6]$/) }, { status: 201, retry_after: null }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(Number(answers[0].retry_after) * 1000);
    const media = JSON.parse(run.stdout);
    expect(media).toMatchObject({ id: expect.stringMatching(/^[a-z0-9]{8}$/), format: 'png', width: 32, height: 24 });
    expect((await request(service.baseUrl).get(`/v1/media/${media.id}`)).status).toBe(200);
  });
});
