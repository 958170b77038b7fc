import request from 'supertest';
import { upload } from '../../harness/api-client';
import { sleep } from '../../harness/eventually';
import { uniqueCopy } from '../../../libs/imaging/src/testing/unique-copy';

export interface UploadOutcome {
  name: string;
  /** When it was first sent (epoch ms). */
  startedAt: number;
  /** The upload's HTTP status, or the network error code when no gateway answered it. */
  status: number | string;
  body: Record<string, unknown>;
  /** From the first attempt until the final answer (the upload's, not the polling's). */
  ms: number;
  /** 201, or 202 processing followed by GET /v1/media/{id} ready. */
  delivered: boolean;
  /** Answered 202 processing (its wait outlasted JOB_WAIT_TIMEOUT_MS), then polled. */
  polled: boolean;
  /** Connections refused before a gateway took it (a load balancer moving to the next one). */
  refusals: number;
}

export interface UploadStreamOptions {
  /** The gateways' base URLs; upload i starts at gateway i mod n and moves on when refused. */
  gateways: string[];
  /** One key for every upload, or upload i's key (a stream that outgrows one account's monthly quota). */
  key: string | ((index: number) => string);
  /** The picture every upload sends, each as bytes of its own (a comment added), so none is a duplicate the gateway shares without a job. */
  file: Buffer;
  filename: (index: number) => string;
  count: number;
  /** Uploads in flight at once. */
  concurrency: number;
  /** How long a 202 is polled until ready. */
  pollTimeoutMs?: number;
  /** Starts no new upload once this says so, given how many have started (the stream runs for as long as a scenario needs). */
  until?: (started: number) => boolean;
  /** Gives up on a refused upload after this long. */
  refusedForMs?: number;
  /** After an upload that was not delivered, its lane waits this long before the next (a client backing off). */
  pauseAfterFailureMs?: number;
}

/** `count` uploads, `concurrency` at a time, each followed to its end (polling a 202 until ready). */
export async function uploadStream(options: UploadStreamOptions): Promise<UploadOutcome[]> {
  const outcomes: UploadOutcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < options.count && !options.until?.(next)) {
      const index = next++;
      outcomes[index] = await uploadOne(options, index);
      if (!outcomes[index].delivered && options.pauseAfterFailureMs) await sleep(options.pauseAfterFailureMs);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return outcomes.filter(Boolean);
}

async function uploadOne(options: UploadStreamOptions, index: number): Promise<UploadOutcome> {
  const name = options.filename(index);
  const key = typeof options.key === 'string' ? options.key : options.key(index);
  const started = Date.now();
  const file = uniqueCopy(options.file);
  let refusals = 0;
  for (;;) {
    const baseUrl = options.gateways[(index + refusals) % options.gateways.length];
    try {
      const response = await upload(baseUrl, file, name, key);
      const body = response.body as Record<string, unknown>;
      const outcome = { name, startedAt: started, status: response.status, body, ms: Date.now() - started, refusals, polled: false, delivered: response.status === 201 };
      if (response.status === 202 && body.status === 'processing') {
        return { ...outcome, polled: true, delivered: await pollUntilReady(options.gateways, key, String(body.id), options.pollTimeoutMs ?? 60_000) };
      }
      return outcome;
    } catch (error) {
      const code = (error as { code?: string }).code ?? String(error);
      // Refused: nothing reached that gateway, so sending it to another one cannot make a duplicate.
      if (code === 'ECONNREFUSED' && Date.now() - started < (options.refusedForMs ?? 30_000)) {
        refusals++;
        await sleep(50);
        continue;
      }
      return { name, startedAt: started, status: code, body: {}, ms: Date.now() - started, refusals, polled: false, delivered: false };
    }
  }
}

async function pollUntilReady(gateways: string[], key: string, id: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const response = await request(gateways[attempt % gateways.length])
      .get(`/v1/media/${id}`)
      .set('Authorization', `Bearer ${key}`)
      .then(
        (r) => r,
        () => undefined,
      );
    if (response?.status === 200 && response.body.status !== 'processing') return true;
    if (response && response.status !== 200) return false;
    await sleep(500);
  }
  return false;
}

/** Counts of outcomes by status, e.g. { 201: 58, 202: 2 }, for a scenario's one-line summary. */
export function countByStatus(outcomes: UploadOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
  return counts;
}
