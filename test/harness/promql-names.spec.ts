import { promqlNames } from './promql-names';

describe('promqlNames', () => {
  it('finds metric names inside functions and aggregations, and the label names they use', () => {
    expect(promqlNames('histogram_quantile(0.95, sum by (queue, le) (rate(imgpro_job_duration_seconds_bucket{queue!="mail"}[5m])))')).toEqual({
      metrics: ['imgpro_job_duration_seconds_bucket'],
      labels: ['queue', 'le'],
    });
  });

  it('ignores strings, durations, numbers and keywords', () => {
    expect(promqlNames('max by (queue, state) (imgpro_queue_jobs{state=~"waiting|active"}) > 100 and on (queue) up offset 5m')).toEqual({
      metrics: ['imgpro_queue_jobs', 'up'],
      labels: ['state', 'queue'],
    });
  });
});
