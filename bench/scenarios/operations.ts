import { expectStatus, importUrl, upload } from '../client/api';
import type { Fixture } from '../fixtures/images';
import { uniqueCopy } from '../../libs/imaging/src/testing/unique-copy';
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

/** Each upload (service or thin) is new bytes of the same image and size: see uniqueCopy. */
const uploadFile = (fixture: Fixture) => ({ name: fixture.name, contentType: fixture.contentType, bytes: uniqueCopy(fixture.bytes) });

export const serviceUpload = (fixture: Fixture, timings?: ClientTiming[]): Operation => async (ctx) => {
  const file = uploadFile(fixture);
  const sentAt = Date.now();
  const result = await upload(ctx.service.baseUrl, ctx.key, file);
  const answeredAt = Date.now();
  expectStatus(result, 201, `upload of ${fixture.label}`);
  timings?.push({ mediaId: JSON.parse(result.body).id, sentAt, answeredAt });
};

export const serviceImport: Operation = async (ctx) => {
  expectStatus(await importUrl(ctx.service.baseUrl, ctx.key, ctx.photoUrl), 201, 'import of the 12 MP JPEG');
};

/** The same multipart request, by the same client, to the thin peer. */
export const thinUpload = (fixture: Fixture): Operation => async (ctx) => {
  expectStatus(await upload(ctx.thin.url, ctx.key, uploadFile(fixture)), 201, `thin upload of ${fixture.label}`);
};

export function run(ctx: BenchContext, operation: Operation, count: number, concurrency: number): Promise<PoolRun> {
  return runPool(count, concurrency, () => operation(ctx), { ...ctx.service.pids(), thin: ctx.thin.pid });
}
