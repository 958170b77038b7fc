import request from 'supertest';
import { pathOf } from './api-client';
import { sql } from './sql';
import type { TestService } from './test-service';

interface ObjectRow {
  id: string;
  refs: number;
  filesize: string;
}

/** The account's stored objects (dedup: one per distinct bytes), with how many ready media point at each. */
export async function storedObjectsOf(accountId: string): Promise<{ id: string; refs: number; pointing: number; filesize: number }[]> {
  const rows = await sql<ObjectRow & { pointing: string }>(
    `SELECT o.id, o.refs, o.filesize, (SELECT count(*) FROM media m WHERE m.object_id = o.id AND m.status = 'ready') AS pointing
     FROM stored_objects o WHERE o.account_id = $1 ORDER BY o.created_at`,
    [accountId],
  );
  return rows.map((row) => ({ id: row.id, refs: row.refs, pointing: Number(row.pointing), filesize: Number(row.filesize) }));
}

/**
 * Nothing lost and nothing leaked for one account: every ready media's `src` serves `bytesOf(media)`; every
 * object is pointed at by exactly its `refs` ready media (none dead and left behind); every original in
 * storage under one of the given ids belongs to a live object; the storage counters are those objects'.
 * Returns the problems found (empty when all is well).
 */
export async function dedupProblems(
  service: TestService,
  owner: { account: string; key: string },
  ids: string[],
  bytesOf: (media: { id: string; src: string }) => Buffer | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  const ready = await sql<{ id: string; ext: string; object_id: string }>(
    `SELECT id, ext, object_id FROM media WHERE account_id = $1 AND status = 'ready'`,
    [owner.account],
  );
  for (const media of ready) {
    const src = `${service.config.srcBaseUrl}/${media.id.slice(0, 2)}/${media.id}.${media.ext}`;
    const served = await request(service.baseUrl).get(pathOf(src)).set('Authorization', `Bearer ${owner.key}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const expected = bytesOf({ id: media.id, src });
    if (served.status !== 200) problems.push(`${media.id}: src answered ${served.status}`);
    else if (expected && !(served.body as Buffer).equals(expected)) problems.push(`${media.id}: src served other bytes`);
  }
  const objects = await storedObjectsOf(owner.account);
  for (const object of objects) {
    if (object.refs === 0) problems.push(`object ${object.id}: dead, yet still recorded`);
    if (object.refs !== object.pointing) problems.push(`object ${object.id}: refs ${object.refs}, ${object.pointing} ready media point at it`);
  }
  const live = new Set(objects.filter((object) => object.refs > 0).map((object) => object.id));
  const stored = (await service.store.list('originals/')).map((object) => object.key.slice('originals/'.length, 'originals/'.length + 8));
  for (const id of stored) if (ids.includes(id) && !live.has(id)) problems.push(`original of ${id} stored without a live object`);
  for (const id of live) if (!stored.includes(id)) problems.push(`object ${id} has no original in storage`);
  const [counts] = await sql<{ storage_used_bytes: string; variant_bytes: string }>(
    'SELECT storage_used_bytes, variant_bytes FROM accounts WHERE id = $1',
    [owner.account],
  );
  const [variants] = await sql<{ bytes: string }>(
    `SELECT COALESCE(sum(v.bytes), 0) AS bytes FROM media_variants v JOIN stored_objects o ON o.id = v.object_id WHERE o.account_id = $1 AND o.refs > 0`,
    [owner.account],
  );
  const liveBytes = objects.filter((object) => object.refs > 0).reduce((sum, object) => sum + object.filesize, 0);
  if (Number(counts.storage_used_bytes) !== liveBytes) problems.push(`storage_used_bytes ${counts.storage_used_bytes}, live objects hold ${liveBytes}`);
  if (Number(counts.variant_bytes) !== Number(variants.bytes)) problems.push(`variant_bytes ${counts.variant_bytes}, live variants hold ${variants.bytes}`);
  return problems;
}
