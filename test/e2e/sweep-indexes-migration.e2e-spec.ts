import { compiledDb as db, databaseBefore } from '../harness/migration-database';

const MIGRATION = 'SweepIndexes1765050000000';

// The statements as the repositories send them (sessions.repository, media-lifecycle.repository).
const QUERIES: [string, string, string][] = [
  ['sessions sweep', 'SELECT id_hash FROM sessions WHERE expires_at <= CURRENT_TIMESTAMP LIMIT 500', 'sessions_expires_at_idx'],
  ['sign-in links sweep', 'SELECT nonce FROM used_sign_in_links WHERE expires_at <= CURRENT_TIMESTAMP LIMIT 500', 'used_sign_in_links_expires_at_idx'],
  [
    "shared object's placeholder",
    `SELECT o.thumbhash FROM media o WHERE o.object_id = 'obj00001' AND o.status = 'ready' AND o.thumbhash IS NOT NULL LIMIT 1`,
    'media_ready_object_idx',
  ],
];

describe('migration: indexes for the expiry sweeps and the shared-object look-up', () => {
  const previous = databaseBefore(MIGRATION);
  const query = (text: string) => previous.client().query(text);

  async function plan(statement: string): Promise<string> {
    const { rows } = await query(`EXPLAIN ${statement}`);
    return rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
  }

  it('applies over existing rows, and each query can then be answered from its index instead of reading the whole table', async () => {
    const { rows } = await query(`INSERT INTO accounts (email) VALUES ('owner@example.com') RETURNING id`);
    await query(`INSERT INTO sessions (id_hash, account_id, expires_at) VALUES ('h1', '${rows[0].id}', CURRENT_TIMESTAMP - interval '1 day')`);
    await query(`INSERT INTO used_sign_in_links (nonce, expires_at) VALUES ('n1', CURRENT_TIMESTAMP - interval '1 day')`);
    await query(`INSERT INTO media (id, account_id, status, source, name, object_id, thumbhash) VALUES ('obj00001', '${rows[0].id}', 'ready', 'upload', 'a.png', 'obj00001', 'th')`);

    expect(await db.runMigrations(previous.url())).toContain(MIGRATION);

    // With a handful of rows a sequential scan is cheaper; forbidding it shows whether an index fits the query at all.
    await query('SET enable_seqscan = off');
    for (const [, statement, index] of QUERIES) expect(await plan(statement)).toContain(index);
    await query('RESET enable_seqscan');
  });
});
