import request from 'supertest';
import { rasterImage } from '../../fixtures/images';

/** Uploads of kind `k` are named `mix-k-i.ext`. A test makes media named with this prefix unable to turn ready. */
export const ROLLBACK_PREFIX = 'mix-rollback-';

/**
 * What an upload of the mix is. Committed: images that turn ready, corrupt bytes the worker fails, and
 * images whose ready transaction rolls back until the job gives up and fails them. Refused before their row
 * commits: uploads by an account over its monthly quota, and a field that does not validate.
 */
export type UploadKind = 'image' | 'corrupt' | 'rollback' | 'over_quota' | 'invalid';

/** The kind of upload `i` of the mix: 4 % corrupt, 1 % rolled back, 4 % over quota, 2 % invalid, the rest images. */
export function kindOf(i: number): UploadKind {
  if (i % 25 === 7) return 'corrupt';
  if (i % 100 === 13) return 'rollback';
  if (i % 25 === 11) return 'over_quota';
  if (i % 50 === 17) return 'invalid';
  return 'image';
}

/** The status a committed upload of each kind ends in. */
export const FINAL_STATUS: Partial<Record<UploadKind, 'ready' | 'failed'>> = { image: 'ready', corrupt: 'failed', rollback: 'failed' };

/** What the refused kinds are answered. */
export const REFUSAL: Partial<Record<UploadKind, [number, string]>> = { over_quota: [403, 'quota_exceeded'], invalid: [422, 'validation_error'] };

export interface SentUpload {
  i: number;
  kind: UploadKind;
  name: string;
  key: string;
  status: number;
  body: any;
}

/** Upload `i` of the mix with `key`, answered at once (`Prefer: respond-async`): a small image, unique bytes. */
export async function sendUpload(baseUrl: string, i: number, key: string): Promise<SentUpload> {
  const kind = kindOf(i);
  const format = (i >> 1) % 2 ? 'jpeg' : 'png';
  const image = await rasterImage(format, 16, 12);
  let file = image;
  const name = `mix-${kind}-${i}.${format === 'jpeg' ? 'jpg' : 'png'}`;
  if (kind === 'corrupt') file = i % 2 ? image.subarray(0, Math.floor(image.length * 0.6)) : Buffer.from('not an image at all\n'.repeat(8));
  let req = request(baseUrl).post('/v1/upload').set('Authorization', `Bearer ${key}`).set('Prefer', 'respond-async');
  if (kind === 'invalid') req = req.field('public', 'maybe');
  const answer = await req.attach('file', file, name);
  return { i, kind, name, key, status: answer.status, body: answer.body };
}
