import { Injectable } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { Counter, Histogram } from 'prom-client';
import { createProcessRegistry } from '@app/metrics';
import { isLastAttempt } from '../pipeline/run-media-job';

/** How one attempt of a job ended: `retried` failed and will be tried again, `failed` will not. */
export type JobOutcome = 'completed' | 'retried' | 'failed';

/** Prometheus metrics of this worker process: job durations and outcomes, stalled jobs, bytes stored. */
@Injectable()
export class WorkerMetrics {
  readonly registry = createProcessRegistry('worker');

  readonly jobDuration = new Histogram({
    name: 'imgpro_job_duration_seconds',
    help: 'Time one attempt of a job ran on a worker, by queue and job name',
    labelNames: ['queue', 'name'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  readonly jobOutcomes = new Counter({
    name: 'imgpro_jobs_total',
    help: 'Job attempts ended on this worker, by queue, job name and outcome (completed, retried, failed)',
    labelNames: ['queue', 'name', 'outcome'],
    registers: [this.registry],
  });

  readonly stalledJobs = new Counter({
    name: 'imgpro_jobs_stalled_total',
    help: 'Jobs this worker found stalled (their worker died or hung) and handed out again or failed',
    labelNames: ['queue'],
    registers: [this.registry],
  });

  readonly storedBytes = new Counter({
    name: 'imgpro_stored_bytes_total',
    help: 'Bytes this worker wrote to storage for ready media, by kind (original, variant)',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  /** Counts the jobs the stalled checks of `worker` find, from 0 so the series exists before the first stall. */
  countStalls(worker: Worker): void {
    this.stalledJobs.inc({ queue: worker.name }, 0);
    worker.on('stalled', () => this.stalledJobs.inc({ queue: worker.name }));
  }

  /** Runs one attempt of `job`, recording how long it took and how it ended. */
  async observe<T>(queue: string, job: Job, attempt: () => Promise<T>): Promise<T> {
    const labels = { queue, name: job.name };
    const end = this.jobDuration.startTimer(labels);
    let outcome: JobOutcome = 'failed';
    try {
      const result = await attempt();
      outcome = 'completed';
      return result;
    } catch (error) {
      outcome = error instanceof UnrecoverableError || isLastAttempt(job) ? 'failed' : 'retried';
      throw error;
    } finally {
      end();
      this.jobOutcomes.inc({ ...labels, outcome });
    }
  }
}
