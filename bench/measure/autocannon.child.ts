/**
 * The load generator in a process of its own, so its CPU never competes inside the bench process's event
 * loop and shows as its own role. Forked by load-run.ts with one JSON argument; says `ready` once loaded,
 * starts on `go` (so the parent's CPU meter brackets only the run) and sends back the figures.
 */
import autocannon from 'autocannon';

export interface LoadRunRequest {
  url: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
}

export interface LoadRunFigures {
  requests: number;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  bytes: number;
}

const request = JSON.parse(process.argv[2]) as LoadRunRequest;
process.on('message', async (message: { type?: string }) => {
  if (message?.type !== 'go') return;
  const result = await autocannon({ url: request.url, connections: request.connections, duration: request.seconds, headers: request.headers });
  const figures: LoadRunFigures = {
    requests: result.requests.total,
    seconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    statusCounts: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count])),
    errors: result.errors,
    timeouts: result.timeouts,
    bytes: result.throughput.total,
  };
  process.send!({ type: 'figures', figures }, () => process.exit(0));
});
process.send!({ type: 'ready' });
