import { workerMetricsEnv } from './worker-metrics-port';

describe('workerMetricsEnv', () => {
  it('gives worker i the port WORKER_METRICS_PORT + i', () => {
    expect([0, 1, 2].map((i) => workerMetricsEnv(9464, i, undefined).WORKER_METRICS_PORT)).toEqual(['9464', '9465', '9466']);
  });

  it('keeps the listener off when unset, and any free port for each worker when 0', () => {
    expect(workerMetricsEnv(undefined, 3, undefined)).toEqual({});
    expect(workerMetricsEnv(0, 3, undefined).WORKER_METRICS_PORT).toBe('0');
  });

  it('listens on the loopback address unless HOST says otherwise', () => {
    expect(workerMetricsEnv(9464, 0, undefined).HOST).toBe('127.0.0.1');
    expect(workerMetricsEnv(9464, 0, '').HOST).toBe('127.0.0.1');
    expect(workerMetricsEnv(9464, 0, '0.0.0.0').HOST).toBe('0.0.0.0');
  });
});
