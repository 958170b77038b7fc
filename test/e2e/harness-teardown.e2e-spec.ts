import * as net from 'net';
import { startTestService } from '../harness/test-service';
import { startWorkerProcess } from '../harness/worker-process';

/** What keeps a Jest worker alive after its files: listening servers, child processes and their pipes. */
const lingering = () => process.getActiveResourcesInfo().filter((name) => ['TCPServerWrap', 'ProcessWrap', 'PipeWrap'].includes(name)).length;

async function busyPort(): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('the test harness leaves nothing running when a start fails', () => {
  it('a worker still starting when its service stops is stopped with it', async () => {
    const before = lingering();
    const service = await startTestService({ workers: 0 });
    const late = service.startWorker();
    await service.stop();
    const worker = await late;
    const exited = worker.process.exitCode ?? worker.process.signalCode;
    if (exited === null) await worker.stop(); // left behind: end it so this failure does not hang Jest too
    expect(exited).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lingering()).toBe(before);
  });

  it('a worker that never reports ready is ended, not left holding the Jest worker open', async () => {
    const before = lingering();
    // Nothing answers on port 1: the worker keeps retrying Redis and never becomes ready.
    await expect(startWorkerProcess({ ...process.env, REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'error' } as Record<string, string>, 3000)).rejects.toThrow(
      /worker did not start/,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lingering()).toBe(before);
  });

  it('a service whose worker fails to start stops its gateway, its S3 and the other workers', async () => {
    const taken = await busyPort();
    try {
      const before = lingering();
      // The worker's metrics listener cannot bind a port in use, so the worker exits before it is ready.
      const port = String((taken.address() as net.AddressInfo).port);
      await expect(startTestService({ workers: 2, env: { WORKER_METRICS_PORT: port } })).rejects.toThrow(/worker exited/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(lingering()).toBe(before);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
