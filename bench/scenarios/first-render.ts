import { bareResizeMs } from '../bare/bare-resize';
import { timedGet } from '../client/timed-get';
import { BENCH } from '../config';
import type { Fixture } from '../fixtures/images';
import { median, round } from '../measure/stats';

export interface FirstRender {
  renders: number;
  serviceFirstByteMs: number[];
  bareResizeMs: number[];
  serviceMedianMs: number;
  bareMedianMs: number;
}

/**
 * Time to first byte of a first-time `?size=m` (each URL a media never rendered before: queue, worker
 * render, store, answer) next to a bare sharp resize of the same source, alternating one of each.
 */
export async function measureFirstRender(variantUrls: string[], source: Fixture, log: (message: string) => void): Promise<FirstRender> {
  const [warmupUrl, ...measuredUrls] = variantUrls;
  await bareResizeMs(source);
  const warm = await timedGet(warmupUrl);
  if (warm.status !== 200) throw new Error(`first render answered ${warm.status}: ${warm.body.toString().slice(0, 300)}`);
  const serviceFirstByteMs: number[] = [];
  const bare: number[] = [];
  for (const url of measuredUrls) {
    bare.push(await bareResizeMs(source));
    const answer = await timedGet(url);
    if (answer.status !== 200) throw new Error(`first render answered ${answer.status}: ${answer.body.toString().slice(0, 300)}`);
    serviceFirstByteMs.push(answer.firstByteMs);
    log(`delivery: first render ${round(answer.firstByteMs, 0)} ms to first byte, bare resize ${round(bare[bare.length - 1], 0)} ms`);
  }
  return {
    renders: measuredUrls.length,
    serviceFirstByteMs: serviceFirstByteMs.map((ms) => round(ms, 1)),
    bareResizeMs: bare.map((ms) => round(ms, 1)),
    serviceMedianMs: round(median(serviceFirstByteMs), 1),
    bareMedianMs: round(median(bare), 1),
  };
}

/** How many fresh media the first-render measure needs: one for the warm-up, then the measured ones. */
export const firstRenderMediaCount = (): number => BENCH.delivery.firstRenders + 1;
