import { workerMetricsEnv } from './worker-metrics-port';

describe('workerMetricsEnv', () => {
  it('gives worker i the port WORKER_METRICS_PORT + i', () => {
    expect([0, 1, 2].map((i) => workerMetricsEnv(9464, i))).toEqual([
      { WORKER_METRICS_PORT: '9464' },
      { WORKER_METRICS_PORT: '9465' },
      { WORKER_METRICS_PORT: '9466' },
    ]);
  });

  it('keeps the listener off when unset, and any free port for each worker when 0', () => {
    expect(workerMetricsEnv(undefined, 3)).toEqual({});
    expect(workerMetricsEnv(0, 3)).toEqual({ WORKER_METRICS_PORT: '0' });
  });
});
