import { freePort } from '../harness/free-port';
import { signalAndWait, ProcessExit } from '../harness/process-exit';
import { sql } from '../harness/sql';
import { startTestService, TestService } from '../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../harness/worker-process';
import { cameraJpeg } from './support/camera-jpeg';
import { createStreamAccounts } from './support/stream-key';
import { countByStatus, uploadStream } from './support/upload-stream';

const SHUTDOWN_TIMEOUT_MS = 20_000;

/**
 * A rolling restart under a stream: SIGTERM to each of two gateway processes and two worker processes in
 * turn, each replaced once it has exited. Clients move to the other gateway when one refuses the
 * connection, as a load balancer would. Nothing may be lost.
 */
describe('rolling restart of 2 gateways and 2 workers', () => {
  let service: TestService;
  const gateways: WorkerProcess[] = [];
  const ports: number[] = [];

  beforeAll(async () => {
    service = await startTestService({ workers: 2, env: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), JOB_WAIT_TIMEOUT_MS: '20000' } });
    for (let i = 0; i < 2; i++) {
      ports.push(await freePort());
      gateways.push(await startGatewayProcess({ ...service.env, PORT: String(ports[i]) }));
    }
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await service?.stop();
  });

  it('loses no upload while every process is restarted in turn', async () => {
    const accounts = await createStreamAccounts(service.baseUrl);
    const photo = await cameraJpeg();
    let done = false;
    const stream = uploadStream({
      gateways: ports.map((port) => `http://127.0.0.1:${port}`),
      key: accounts.keyFor,
      file: photo,
      filename: (i) => `rolling-${i}.jpg`,
      count: 1000,
      concurrency: 4,
      until: () => done,
    });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 2000));
    const exits: Array<{ what: string } & ProcessExit & { killed: boolean }> = [];

    await pause();
    for (let i = 0; i < gateways.length; i++) {
      exits.push({ what: `gateway ${i}`, ...(await signalAndWait(gateways[i].process, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 10_000)) });
      gateways[i] = await startGatewayProcess({ ...service.env, PORT: String(ports[i]) });
      await pause();
    }
    const originalWorkers = [...service.workers];
    for (const [i, worker] of originalWorkers.entries()) {
      exits.push({ what: `worker ${i}`, ...(await signalAndWait(worker.process, 'SIGTERM', SHUTDOWN_TIMEOUT_MS + 10_000)) });
      await service.startWorker();
      await pause();
    }
    done = true;
    const outcomes = await stream;

    const rows = await sql<{ name: string; status: string }>('SELECT name, status FROM media WHERE account_id = ANY($1)', [accounts.accountIds]);
    const lost = outcomes.filter((o) => !o.delivered);
    console.log(
      `rolling restart (SIGTERM) of 2 gateways and 2 workers: ${outcomes.length} uploads, statuses ${JSON.stringify(countByStatus(outcomes))}, ` +
        `${outcomes.filter((o) => o.refusals > 0).length} moved to the other gateway after a refused connection, lost ${lost.length}, ` +
        `exits ${exits.map((e) => `${e.what} code ${e.code} in ${e.ms} ms`).join(', ')}`,
    );
    expect(lost.map((o) => [o.name, o.status, o.body])).toEqual([]);
    expect(exits.map((e) => [e.what, e.code, e.killed])).toEqual(exits.map((e) => [e.what, 0, false]));
    expect(rows.filter((row) => row.status !== 'ready')).toEqual([]);
    expect(rows).toHaveLength(outcomes.length);
  });
});
