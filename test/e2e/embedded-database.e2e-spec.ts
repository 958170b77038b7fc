import * as path from 'path';
import { Client } from 'pg';

const db = require(path.join(__dirname, '..', '..', 'dist', 'libs', 'db', 'src'));

describe('embedded database served to many clients', () => {
  let server: { url: string; stop(): Promise<void> };
  beforeAll(async () => (server = await db.startEmbeddedPostgres('memory://', 0, { idleInTransactionMs: 1000 })));
  afterAll(() => server.stop());

  it('never mixes up parameterised queries from concurrent connections', async () => {
    const clients = Array.from({ length: 4 }, () => new Client({ connectionString: server.url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const results = await Promise.all(
        clients.map(async (client, i) => {
          const sums: number[] = [];
          for (let j = 0; j < 25; j++) sums.push((await client.query('SELECT $1::int * 100 + $2::int AS n', [i, j])).rows[0].n);
          return sums;
        }),
      );
      results.forEach((sums, i) => expect(sums).toEqual(Array.from({ length: 25 }, (_, j) => i * 100 + j)));
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it('answers a result larger than one of PGlite\'s output chunks intact (a 50-item media page is one)', async () => {
    // PGlite hands the answer over in ~8 KB views of memory it then reuses: kept without a copy, the
    // earlier chunks were overwritten and the client got garbage or waited for ever.
    const client = new Client({ connectionString: server.url, query_timeout: 10_000 });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT i, repeat(md5(i::text), 8) AS v FROM generate_series(1, $1::int) AS i', [300]);
      expect(rows.map((row) => row.i)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      const { createHash } = await import('crypto');
      expect(rows.every((row) => row.v === createHash('md5').update(String(row.i)).digest('hex').repeat(8))).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('isolates a transaction: other clients wait, and a rollback leaves nothing', async () => {
    const [a, b] = [new Client({ connectionString: server.url }), new Client({ connectionString: server.url })];
    await a.connect();
    await b.connect();
    try {
      await a.query('CREATE TABLE IF NOT EXISTS t (n int)');
      await a.query('BEGIN');
      await a.query('INSERT INTO t VALUES (1)');
      const seenByB = b.query('SELECT count(*)::int AS c FROM t');
      await a.query('ROLLBACK');
      expect((await seenByB).rows[0].c).toBe(0);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('rolls back the transaction of a client that disconnects mid-way', async () => {
    const a = new Client({ connectionString: server.url });
    a.on('error', () => undefined); // its connection is cut on purpose below
    await a.connect();
    await a.query('CREATE TABLE IF NOT EXISTS u (n int)');
    await a.query('BEGIN');
    await a.query('INSERT INTO u VALUES (1)');
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const b = new Client({ connectionString: server.url });
    await b.connect();
    try {
      expect((await b.query('SELECT count(*)::int AS c FROM u')).rows[0].c).toBe(0);
    } finally {
      await b.end();
    }
  });

  it('disconnects a client that sits idle in a transaction, so the others go on', async () => {
    const stuck = new Client({ connectionString: server.url });
    const errors: Error[] = [];
    stuck.on('error', (error) => errors.push(error));
    await stuck.connect();
    await stuck.query('CREATE TABLE IF NOT EXISTS v (n int)');
    await stuck.query('BEGIN');
    await stuck.query('INSERT INTO v VALUES (1)');
    // ...and then never commits.
    const started = Date.now();
    const other = new Client({ connectionString: server.url });
    await other.connect(); // even connecting waits: the session is held
    try {
      expect((await other.query('SELECT count(*)::int AS c FROM v')).rows[0].c).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      await expect(stuck.query('COMMIT')).rejects.toThrow();
    } finally {
      await other.end();
      await stuck.end().catch(() => undefined);
    }
  });
});
