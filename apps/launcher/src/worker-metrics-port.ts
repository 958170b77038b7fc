/** Where `npm start`'s workers serve their metrics when HOST is not set: this machine only. */
const LOOPBACK = '127.0.0.1';

/**
 * Worker processes of one machine cannot share a port: with WORKER_METRICS_PORT=P, worker i listens on
 * P + i. Unset stays off and 0 stays "any free port" for every worker. The listener binds to HOST, and
 * to the loopback address when HOST is not set (the metrics name queues and job errors: not for the network).
 */
export function workerMetricsEnv(basePort: number | undefined, index: number, host: string | undefined): Record<string, string> {
  if (basePort === undefined) return {};
  return { WORKER_METRICS_PORT: String(basePort === 0 ? 0 : basePort + index), HOST: host || LOOPBACK };
}
