import { Job, Queue } from 'bullmq';
import type { AppConfig } from '@app/config';
import type { MediaRepository } from '@app/db';
import { BACKFILL_JOB, BACKFILL_JOB_OPTIONS, BACKFILL_QUEUE, BackfillJobData, backfillJobId, redisConnectionOptions } from '@app/jobs';

const PAGE = 100;
const POLL_MS = 200;
const PROGRESS_EVERY_MS = 1000;

export interface BackfillSummary {
  /** Jobs this run queued (or joined, when one for the same media was already waiting or running). */
  queued: number;
  done: number;
  failed: number;
  failures: Array<{ id: string; reason: string }>;
}

/**
 * `media backfill`: queues a worker job for each ready media that lacks a placeholder (or a sha256 storage
 * can give), with at most `concurrency` jobs of this run unfinished at once, so the workers' other queues
 * keep their turn. Pages through the media in id order (a keyset: never a row twice per run); a row once
 * filled no longer matches, so an interrupted run resumes by running it again, and a finished one finds
 * nothing. Progress goes to `progress` (stderr) at most once a second.
 */
export async function runMediaBackfill(
  media: MediaRepository,
  config: Pick<AppConfig, 'redisUrl' | 'queuePrefix'>,
  concurrency: number,
  progress: (line: string) => void,
): Promise<BackfillSummary> {
  const queue = new Queue<BackfillJobData>(BACKFILL_QUEUE, { connection: redisConnectionOptions(config.redisUrl), prefix: config.queuePrefix });
  const summary: BackfillSummary = { queued: 0, done: 0, failed: 0, failures: [] };
  const running = new Map<string, Job<BackfillJobData>>();
  let lastReport = 0;
  let after = '';
  const report = (force = false) => {
    if (!force && Date.now() - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = Date.now();
    progress(`backfill: ${summary.queued} queued, ${summary.done} done, ${summary.failed} failed${after ? `, up to id ${after}` : ''}`);
  };
  try {
    for (;;) {
      const ids = await media.findNeedingBackfill(after, PAGE);
      for (const id of ids) {
        while (running.size >= concurrency) await settle(queue, running, summary);
        running.set(id, await queueJob(queue, id));
        summary.queued++;
        after = id;
        report();
      }
      if (ids.length < PAGE) break;
    }
    while (running.size) {
      await settle(queue, running, summary);
      report();
    }
    report(true);
    return summary;
  } finally {
    await queue.close();
  }
}

/** A job left failed or finished by an earlier run is replaced, so each run tries every media that still needs it. */
async function queueJob(queue: Queue<BackfillJobData>, mediaId: string): Promise<Job<BackfillJobData>> {
  const jobId = backfillJobId(mediaId);
  const earlier = await queue.getJob(jobId);
  if (earlier && ((await earlier.isFailed()) || (await earlier.isCompleted()))) await earlier.remove();
  return queue.add(BACKFILL_JOB, { mediaId }, { ...BACKFILL_JOB_OPTIONS, jobId });
}

/** Waits until at least one running job has finished, and counts what finished. */
async function settle(queue: Queue<BackfillJobData>, running: Map<string, Job<BackfillJobData>>, summary: BackfillSummary): Promise<void> {
  for (;;) {
    let finished = 0;
    for (const [id, job] of running) {
      const state = await job.getState();
      // 'unknown': gone from Redis (it lost its data); the next run finds the row if it is still not filled.
      if (state === 'completed' || state === 'unknown') summary.done++;
      else if (state === 'failed') {
        summary.failed++;
        summary.failures.push({ id, reason: (await queue.getJob(job.id!))?.failedReason ?? 'failed' });
      } else continue;
      running.delete(id);
      finished++;
    }
    if (finished) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
