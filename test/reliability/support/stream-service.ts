import { freePort } from '../../harness/free-port';
import { startTestService, TestService, TestServiceOptions } from '../../harness/test-service';
import { startGatewayProcess, WorkerProcess } from '../../harness/worker-process';

export interface StreamService {
  service: TestService;
  /** A gateway process beside the service's in-process one. */
  gateway: WorkerProcess;
  /** Both gateways' base URLs, the in-process one first. */
  gateways: string[];
  stop(): Promise<void>;
}

/** The test service with two gateways (in-process and a real process) and `workers` worker processes. */
export async function startStreamService(workers: number, options: TestServiceOptions = {}): Promise<StreamService> {
  const service = await startTestService({ ...options, workers });
  const port = await freePort();
  const gateway = await startGatewayProcess({ ...service.env, PORT: String(port) });
  return {
    service,
    gateway,
    gateways: [service.baseUrl, `http://127.0.0.1:${port}`],
    stop: async () => {
      await gateway.stop();
      await service.stop();
    },
  };
}
