import { Queue } from 'bullmq';
import { INGEST_QUEUE } from '@app/jobs';
import { median, round } from '../measure/stats';
import type { ClientTiming } from '../scenarios/operations';
import type { BenchService } from '../infra/service';

export interface TimelineBreakdown {
  uploads: number;
  /** p50 of each stage, ms. Stages add up to the client latency of the same upload (medians need not). */
  gatewayBeforeEnqueueMs: number;
  queueWaitMs: number;
  workerJobMs: number;
  gatewayAfterJobMs: number;
  clientTotalMs: number;
}

/**
 * Where a service upload's time goes, from BullMQ's own job timestamps (same machine clock):
 * request sent → job added (auth, multipart → staging object, row insert, queue add) → worker picks
 * it up → job finished (download staging, normalise, store, DB updates) → client has the response
 * (completion event to the gateway, row reload, JSON).
 */
export async function jobTimeline(service: BenchService, timings: ClientTiming[]): Promise<TimelineBreakdown> {
  const queue = new Queue(INGEST_QUEUE, { connection: { url: service.redisUrl }, prefix: service.queuePrefix });
  try {
    const rows: { before: number; wait: number; work: number; after: number; total: number }[] = [];
    for (const timing of timings) {
      const job = await queue.getJob(timing.mediaId);
      if (!job?.processedOn || !job.finishedOn) continue;
      rows.push({
        before: job.timestamp - timing.sentAt,
        wait: job.processedOn - job.timestamp,
        work: job.finishedOn - job.processedOn,
        after: timing.answeredAt - job.finishedOn,
        total: timing.answeredAt - timing.sentAt,
      });
    }
    const p50 = (pick: (row: (typeof rows)[number]) => number) => round(median(rows.map(pick)), 1);
    return {
      uploads: rows.length,
      gatewayBeforeEnqueueMs: p50((r) => r.before),
      queueWaitMs: p50((r) => r.wait),
      workerJobMs: p50((r) => r.work),
      gatewayAfterJobMs: p50((r) => r.after),
      clientTotalMs: p50((r) => r.total),
    };
  } finally {
    await queue.close();
  }
}
