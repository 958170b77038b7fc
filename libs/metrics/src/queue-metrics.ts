import type { Queue } from 'bullmq';
import { Gauge, Registry } from 'prom-client';

/** What the gauges read of a BullMQ queue. */
export type ObservedQueue = Pick<Queue, 'name' | 'getJobCounts' | 'getJobs'>;

export const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;

/** A scrape must answer even while Redis is away: past this, the queue series are left out of it. */
const QUEUE_READ_TIMEOUT_MS = 2000;

/**
 * Queue depth per queue and state, and the age of the oldest waiting job per queue, read from Redis at
 * each scrape. Every gateway and worker sees the same shared queues, so dashboards take `max` across
 * instances, not `sum`.
 */
export function registerQueueMetrics(registry: Registry, queues: () => readonly ObservedQueue[]): void {
  new Gauge({
    name: 'imgpro_queue_jobs',
    help: 'Jobs per queue and state (all gateways and workers share these queues)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const read = await withinTimeout(Promise.all(queues().map(async (queue) => ({ queue, counts: await queue.getJobCounts(...JOB_STATES) }))));
      for (const { queue, counts } of read ?? []) {
        for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'imgpro_queue_oldest_waiting_age_seconds',
    help: 'Seconds since the oldest job still waiting in each queue was added (0 when none waits)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      const read = await withinTimeout(Promise.all(queues().map(async (queue) => ({ queue, oldest: (await queue.getJobs(['wait'], 0, 0, true))[0] }))));
      for (const { queue, oldest } of read ?? []) {
        this.set({ queue: queue.name }, oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0);
      }
    },
  });
}

async function withinTimeout<T>(reading: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), QUEUE_READ_TIMEOUT_MS)));
  try {
    return await Promise.race([reading.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
