/**
 * Embedded PostgreSQL (PGlite) served over the normal wire protocol, so the ordinary `pg` driver
 * and TypeORM talk to it like any server. Runs as its own process: PGlite cannot load inside Jest.
 * Usage: node embedded-postgres.main.js <data-dir|memory://> <port> [idle-in-transaction-ms];
 * prints "READY <port>" when listening.
 */
import { mkdirSync } from 'fs';
import { PGlite } from '@electric-sql/pglite';
import { SerialisedPgliteServer } from './serialised-pglite-server';

async function main(): Promise<void> {
  const [dataDir = 'memory://', portArg = '0', idleInTransactionArg = '60000'] = process.argv.slice(2);
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new SerialisedPgliteServer(db, Number(idleInTransactionArg));
  const port = await server.listen(Number(portArg));
  process.stdout.write(`READY ${port}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(`embedded database failed to start: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
