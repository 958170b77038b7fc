import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import request from 'supertest';
import { freePort } from '../harness/free-port';
import { createKey, pathOf, upload } from '../harness/api-client';
import { waitUntil } from '../harness/eventually';
import { descendantsOf, isRunning, LauncherProcess, portAnswers, startLauncher } from '../harness/launcher-process';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const LAUNCHER = path.join(__dirname, '..', '..', 'dist', 'apps', 'launcher', 'src', 'main.js');

/** Kills the app's current process with SIGKILL and waits until the launcher reports its replacement. */
async function killAndAwaitRestart(launcher: LauncherProcess, label: string): Promise<number> {
  const pids = launcher.pidsOf(label);
  const victim = pids[pids.length - 1];
  process.kill(victim, 'SIGKILL');
  const restarted = await waitUntil(() => launcher.pidsOf(label).length > pids.length, 15_000);
  if (!restarted) throw new Error(`${label} was not restarted:\n${launcher.output()}`);
  expect(isRunning(victim)).toBe(false);
  return victim;
}

describe('npm start (the launcher) on embedded defaults', () => {
  let launcher: LauncherProcess;

  beforeAll(async () => {
    // Nothing answers at its REDIS_URL, so the launcher must start its own redis-server.
    launcher = await startLauncher();
  }, 90_000);

  afterAll(() => launcher.cleanUp());

  it('serves the whole flow: key, upload, src', async () => {
    const { key } = await createKey(launcher.baseUrl);
    const png = await rasterImage('png', 30, 20);
    const response = await upload(launcher.baseUrl, png, 'launcher.png', key);
    expect(response.status).toBe(201);
    const served = await request(launcher.baseUrl).get(pathOf(response.body.src)).buffer(true);
    expect(Buffer.compare(served.body, png)).toBe(0);
    expect(await fs.readdir(path.join(launcher.dataDir, 'pg'))).not.toHaveLength(0);
  });

  it('restarts a worker killed with SIGKILL after a backoff, and uploads keep working', async () => {
    const victim = await killAndAwaitRestart(launcher, 'worker 0');
    expect(launcher.output()).toContain(
      `worker 0 (pid ${victim}) exited unexpectedly (killed by SIGKILL); restarting it in 1 s (1 exit(s) within 60 s; the launcher gives up at 5)`,
    );
    const { key } = await createKey(launcher.baseUrl);
    const response = await upload(launcher.baseUrl, await rasterImage('png', 31, 21), 'after-restart.png', key);
    expect(response.status).toBe(201);
    expect(response.body.width).toBe(31);
  }, 30_000);

  it('restarts a gateway killed with SIGKILL, and it answers again', async () => {
    const victim = await killAndAwaitRestart(launcher, 'gateway');
    expect(launcher.output()).toContain(`gateway (pid ${victim}) exited unexpectedly (killed by SIGKILL); restarting it in 1 s`);
    const back = await waitUntil(async () => (await request(launcher.baseUrl).get('/health/ready')).status === 200, 30_000);
    expect(back).toBe(true);
    const { key } = await createKey(launcher.baseUrl);
    expect((await upload(launcher.baseUrl, await rasterImage('png', 32, 22), 'new-gateway.png', key)).status).toBe(201);
  }, 45_000);

  it('restarts the redis-server it started when it dies, and uploads work again', async () => {
    const redisPid = Number(/started private redis-server \(pid (\d+)\)/.exec(launcher.output())?.[1]);
    expect(isRunning(redisPid)).toBe(true);
    process.kill(redisPid, 'SIGKILL');
    const restarted = await waitUntil(() => /private redis-server \(pid \d+\) exited unexpectedly \(killed by SIGKILL\); restarting it/.test(launcher.output()), 15_000);
    expect(restarted).toBe(true);
    expect(await waitUntil(() => portAnswers(launcher.redisPort), 15_000)).toBe(true);
    const { key } = await createKey(launcher.baseUrl);
    let status = 0;
    const png = await rasterImage('png', 33, 23);
    const back = Date.now();
    while (status !== 201 && Date.now() - back < 30_000) {
      status = (await upload(launcher.baseUrl, png, 'after-redis.png', key)).status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(201);
  }, 60_000);

  it('stops everything cleanly on SIGTERM, including the Redis it started', async () => {
    launcher.process.kill('SIGTERM');
    expect(await launcher.exited).toBe(0);
    await expect(request(launcher.baseUrl).get('/health')).rejects.toThrow();
    expect(await waitUntil(async () => !(await portAnswers(launcher.redisPort)), 10_000)).toBe(true);
  }, 60_000);
});

describe('npm start when a worker crash-loops', () => {
  it('gives up at the fifth exit within a minute, says so, exits non-zero and leaves no process behind', async () => {
    const launcher = await startLauncher({ RESTART_BACKOFF_MS: '100' });
    try {
      const started = descendantsOf(launcher.process.pid!);
      expect(started.length).toBeGreaterThanOrEqual(4); // redis-server, database, gateway, worker
      for (let exit = 1; exit < 5; exit++) await killAndAwaitRestart(launcher, 'worker 0');
      const last = launcher.pidsOf('worker 0').pop()!;
      process.kill(last, 'SIGKILL');

      expect(await launcher.exited).toBe(1);
      const output = launcher.output();
      expect(output).toContain(
        'worker 0 exited 5 times within 60 s (last: killed by SIGKILL): it is crash-looping, so the launcher stops everything',
      );
      expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
      const everyChild = [...started, ...launcher.pidsOf('worker 0'), ...launcher.pidsOf('gateway')];
      expect(await waitUntil(() => everyChild.every((pid) => !isRunning(pid)), 10_000)).toBe(true);
      expect(await portAnswers(launcher.port)).toBe(false);
    } finally {
      await launcher.cleanUp();
    }
  }, 90_000);
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

describe('npm start in a terminal (LOG_FORMAT=pretty)', () => {
  let launcher: LauncherProcess;
  beforeAll(async () => {
    launcher = await startLauncher({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' });
  }, 90_000);
  afterAll(() => launcher.cleanUp());

  it('prints readable lines without the start-up chatter, and ends with a banner of where things are', async () => {
    expect(await waitUntil(() => launcher.output().includes('imgpro is ready'), 30_000)).toBe(true);
    const output = launcher.output();
    expect(output).toMatch(/^\d{2}:\d{2}:\d{2} INFO {2}\[launcher\] started gateway \(pid \d+\)$/m);
    expect(output).not.toMatch(/^\{"level"/m);
    expect(output).not.toContain('InstanceLoader');
    expect(output).not.toContain('Mapped {');
    expect(output).toContain(`  API        http://localhost:${launcher.port}/v1`);
    expect(output).toContain(`  Docs       http://localhost:${launcher.port}/docs`);
    expect(output).toContain(`  Metrics    http://localhost:${launcher.port}/metrics`);
    expect(output).toContain(`  Database   ${path.join(launcher.dataDir, 'pg')}`);
    expect(output).toContain(`  Objects    ${path.join(launcher.dataDir, 'objects')}`);
  });
});
