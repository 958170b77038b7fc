import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Counter, Histogram } from 'prom-client';
import { ALL_QUEUES } from '@app/jobs';
import { createProcessRegistry, registerQueueMetrics } from '@app/metrics';
import { BatchedObserver } from './batched-observer';

/** Prometheus metrics of this gateway: HTTP latency, job outcomes it waited for, bytes uploaded, queue depth. */
@Injectable()
export class MetricsService {
  readonly registry = createProcessRegistry('gateway');

  private readonly batchedHttpDurations: BatchedObserver[] = [];

  readonly httpDuration = new Histogram({
    name: 'imgpro_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
    collect: () => this.batchedHttpDurations.forEach((batch) => batch.flush()),
  });

  readonly jobDuration = new Histogram({
    name: 'imgpro_job_wait_seconds',
    help: 'Time from enqueue to outcome of the media jobs requests waited for, by queue and outcome',
    labelNames: ['queue', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  readonly jobErrors = new Counter({
    name: 'imgpro_job_errors_total',
    help: 'Failed media jobs by queue and documented error code',
    labelNames: ['queue', 'code'],
    registers: [this.registry],
  });

  readonly uploadedBytes = new Counter({
    name: 'imgpro_uploaded_bytes_total',
    help: 'Bytes of uploaded files this gateway received and staged',
    registers: [this.registry],
  });

  constructor(moduleRef: ModuleRef) {
    // Looked up at scrape time: the queue providers may not exist yet while this one is constructed.
    registerQueueMetrics(this.registry, () => ALL_QUEUES.map((name) => moduleRef.get<Queue>(getQueueToken(name), { strict: false })));
  }

  /** One `httpDuration` series observed in batches (the hottest route's: see BatchedObserver). */
  batchedHttpDuration(labels: { method: string; route: string; status: string }): BatchedObserver {
    const batch = new BatchedObserver(this.httpDuration.labels(labels));
    this.batchedHttpDurations.push(batch);
    return batch;
  }
}
