/**
 * Worker processes of one machine cannot share a port: with WORKER_METRICS_PORT=P, worker i listens on
 * P + i. Unset stays off and 0 stays "any free port" for every worker.
 */
export function workerMetricsEnv(basePort: number | undefined, index: number): Record<string, string> {
  if (basePort === undefined) return {};
  return { WORKER_METRICS_PORT: String(basePort === 0 ? 0 : basePort + index) };
}
