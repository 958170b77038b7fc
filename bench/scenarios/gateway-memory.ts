import { uploadStream } from '../client/api';
import { jpegLookingStream } from '../client/filler-stream';
import { BENCH } from '../config';
import { sampleRss } from '../measure/rss-sampler';
import { median, round } from '../measure/stats';
import type { BenchContext } from './context';

const MB = 1024 * 1024;

export interface GatewayMemoryResult {
  uploads: number;
  uploadMb: number;
  baselineMb: number;
  peakMb: number;
  growthMb: number;
  samples: number;
  elapsedMs: number;
  ingestMbPerSecond: number;
  /** HTTP status → count; the worker rejects these bodies, which is expected. */
  statuses: Record<string, number>;
  sampleResponse: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Scenario 3: the gateway's RSS (from /proc, sampled every 20 ms) while 8 keyed uploads of 70 MB
 * stream at once. Bodies are generated chunk by chunk; nothing holds a whole body.
 */
export async function measureGatewayMemory(ctx: BenchContext): Promise<GatewayMemoryResult> {
  const pid = ctx.service.gateway.pid;
  ctx.log(`gateway memory: ${BENCH.bigUploads} concurrent streamed uploads of ${BENCH.bigUploadBytes / MB} MB, RSS of pid ${pid}`);
  await sleep(1000); // let the previous scenario's responses and GC settle
  const idle = sampleRss(pid, BENCH.rssIntervalMs);
  await sleep(1000);
  const baseline = median(idle.stop().valuesBytes);

  const sampler = sampleRss(pid, BENCH.rssIntervalMs);
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: BENCH.bigUploads }, (_, i) =>
      uploadStream(ctx.service.baseUrl, ctx.key, `big-${i}.jpg`, jpegLookingStream(BENCH.bigUploadBytes), BENCH.bigUploadBytes),
    ),
  );
  const elapsedMs = performance.now() - started;
  const rss = sampler.stop();

  const statuses: Record<string, number> = {};
  for (const { status } of results) statuses[status] = (statuses[status] ?? 0) + 1;
  return {
    uploads: BENCH.bigUploads,
    uploadMb: BENCH.bigUploadBytes / MB,
    baselineMb: round(baseline / MB, 1),
    peakMb: round(rss.peakBytes / MB, 1),
    growthMb: round((rss.peakBytes - baseline) / MB, 1),
    samples: rss.samples,
    elapsedMs: round(elapsedMs, 0),
    ingestMbPerSecond: round((BENCH.bigUploads * BENCH.bigUploadBytes) / MB / (elapsedMs / 1000), 1),
    statuses,
    sampleResponse: results[0]?.body.slice(0, 300) ?? '',
  };
}
