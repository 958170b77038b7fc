import { expectStatus, importUrl, upload } from '../client/api';
import type { Fixture } from '../fixtures/images';
import { runPool, PoolRun } from '../measure/pool';
import type { BenchContext } from './context';

/** One kind of operation, timed by runPool: each must succeed or the bench stops. */
export type Operation = (ctx: BenchContext) => Promise<void>;

/** One service request as the client saw it (epoch ms), to line up with the job's own timestamps. */
export interface ClientTiming {
  mediaId: string;
  sentAt: number;
  answeredAt: number;
}

export const serviceUpload = (fixture: Fixture, timings?: ClientTiming[]): Operation => async (ctx) => {
  const file = { name: fixture.name, contentType: fixture.contentType, bytes: fixture.bytes };
  const sentAt = Date.now();
  const result = await upload(ctx.service.baseUrl, ctx.key, file);
  const answeredAt = Date.now();
  expectStatus(result, 201, `upload of ${fixture.label}`);
  timings?.push({ mediaId: JSON.parse(result.body).id, sentAt, answeredAt });
};

export const serviceImport: Operation = async (ctx) => {
  expectStatus(await importUrl(ctx.service.baseUrl, ctx.key, ctx.photoUrl), 201, 'import of the 12 MP JPEG');
};

export const bareWork = (fixture: Fixture): Operation => (ctx) => ctx.bare.process(fixture.path);

export function run(ctx: BenchContext, operation: Operation, count: number, concurrency: number): Promise<PoolRun> {
  return runPool(count, concurrency, () => operation(ctx), ctx.service.pids());
}
