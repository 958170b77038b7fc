import { compiledDb as db, databaseBefore } from '../harness/migration-database';

const MIGRATION = 'StoredObjects1765040000000';
const HASH = 'a'.repeat(64);

describe('migration: stored objects for the media of the previous release', () => {
  const previous = databaseBefore(MIGRATION);
  const query = (text: string, params: unknown[] = []) => previous.client().query(text, params);

  async function media(id: string, accountId: string, status: 'ready' | 'deleted' | 'processing', sha256: string | null, createdAt: string, variants: number[]) {
    const stored = status === 'processing' ? [null, null, null, null] : ['png', 'png', 'image/png', 1000];
    await query(
      `INSERT INTO media (id, account_id, status, source, name, format, ext, content_type, filesize, width, height, sha256, created_at)
       VALUES ($1, $2, $3, 'upload', 'p.png', $4, $5, $6, $7, 10, 10, $8, $9)`,
      [id, accountId, status, ...stored, sha256, createdAt],
    );
    for (const [i, bytes] of variants.entries()) {
      await query('INSERT INTO media_variants (media_id, key, bytes) VALUES ($1, $2, $3)', [id, `variants/${id}/${i}.webp`, bytes]);
    }
  }

  it('gives each ready media its own object (the oldest of a hash is the one shared), moves variants to the objects, drops those of deleted media', async () => {
    const { rows } = await query(`INSERT INTO accounts (email, storage_used_bytes) VALUES ('old@example.com', 2000) RETURNING id`);
    const owner = rows[0].id;
    await media('older001', owner, 'ready', HASH, '2026-01-01T00:00:00Z', [30]);
    await media('newer001', owner, 'ready', HASH, '2026-02-01T00:00:00Z', []);
    await media('nohash01', owner, 'ready', null, '2026-03-01T00:00:00Z', [7]);
    await media('gone0001', owner, 'deleted', HASH, '2026-04-01T00:00:00Z', [100]);
    await media('busy0001', owner, 'processing', HASH, '2026-05-01T00:00:00Z', []);

    expect(await db.runMigrations(previous.url())).toContain(MIGRATION);

    const objects = await query('SELECT id, sha256, refs, filesize::int AS filesize, ext FROM stored_objects ORDER BY id');
    expect(objects.rows).toEqual([
      { id: 'newer001', sha256: null, refs: 1, filesize: 1000, ext: 'png' },
      { id: 'nohash01', sha256: null, refs: 1, filesize: 1000, ext: 'png' },
      { id: 'older001', sha256: HASH, refs: 1, filesize: 1000, ext: 'png' },
    ]);
    const pointers = await query('SELECT id, object_id FROM media ORDER BY id');
    expect(pointers.rows).toEqual([
      { id: 'busy0001', object_id: null },
      { id: 'gone0001', object_id: null },
      { id: 'newer001', object_id: 'newer001' },
      { id: 'nohash01', object_id: 'nohash01' },
      { id: 'older001', object_id: 'older001' },
    ]);
    const variants = await query('SELECT object_id, bytes::int AS bytes FROM media_variants ORDER BY object_id');
    expect(variants.rows).toEqual([
      { object_id: 'nohash01', bytes: 7 },
      { object_id: 'older001', bytes: 30 },
    ]);
    // The counters are untouched: each ready media's bytes stay counted once, by its own object.
    expect((await query('SELECT storage_used_bytes::int AS n FROM accounts WHERE id = $1', [owner])).rows).toEqual([{ n: 2000 }]);
  });
});
