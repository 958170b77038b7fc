import { ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import { freePort } from '../harness/free-port';
import { createKey, pathOf, upload } from '../harness/api-client';
import { rasterImage } from '../fixtures/images';

const LAUNCHER = path.join(__dirname, '..', '..', 'dist', 'apps', 'launcher', 'src', 'main.js');

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe('npm start (the launcher) on embedded defaults', () => {
  let launcher: ChildProcess;
  let dataDir: string;
  let baseUrl: string;
  let redisPort: number;
  let output = '';

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-launcher-'));
    const port = await freePort();
    redisPort = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(await freePort()),
      // Nothing answers here, so the launcher must start its own redis-server.
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      QUEUE_PREFIX: 'launcher-test',
      WORKERS: '1',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    launcher = spawn(process.execPath, [LAUNCHER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    launcher.stdout!.on('data', (chunk) => (output += chunk));
    launcher.stderr!.on('data', (chunk) => (output += chunk));
    const ready = await waitUntil(async () => (await request(baseUrl).get('/health/ready')).status === 200, 60_000);
    if (!ready) throw new Error(`service did not become ready:\n${output}`);
  }, 90_000);

  afterAll(async () => {
    if (launcher.exitCode === null) launcher.kill('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('serves the whole flow: key, upload, src', async () => {
    const { key } = await createKey(baseUrl);
    const png = await rasterImage('png', 30, 20);
    const response = await upload(baseUrl, png, 'launcher.png', key);
    expect(response.status).toBe(201);
    const served = await request(baseUrl).get(pathOf(response.body.src)).buffer(true);
    expect(Buffer.compare(served.body, png)).toBe(0);
    expect(await fs.readdir(path.join(dataDir, 'pg'))).not.toHaveLength(0);
  });

  it('stops everything cleanly on SIGTERM, including the Redis it started', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(request(baseUrl).get('/health')).rejects.toThrow();
    const redisGone = await waitUntil(async () => {
      const net = await import('net');
      return new Promise<boolean>((resolve) => {
        const socket = net.connect(redisPort, '127.0.0.1');
        socket.once('connect', () => (socket.destroy(), resolve(false)));
        socket.once('error', () => resolve(true));
      });
    }, 10_000);
    expect(redisGone).toBe(true);
  }, 60_000);
});

describe('npm start without any Redis', () => {
  it('exits with a message that says how to get one', async () => {
    const emptyBin = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-nobin-'));
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-noredis-'));
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // No redis-server on the PATH, and nothing answering at REDIS_URL.
        PATH: emptyBin,
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
      };
      delete env.DATABASE_URL;
      const child = spawn(process.execPath, [LAUNCHER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(/Redis does not answer at redis:\/\/127\.0\.0\.1:\d+ and redis-server could not be started/);
      expect(stderr).toContain('apt-get install redis-server');
      expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    } finally {
      await fs.rm(emptyBin, { recursive: true, force: true });
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
