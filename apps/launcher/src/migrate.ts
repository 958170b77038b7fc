import { loadConfig } from '@app/config';
import { resolveDatabaseUrl, runMigrations } from '@app/db';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the running embedded database). */
runMigrations(resolveDatabaseUrl(loadConfig()))
  .then((applied) => {
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
    process.exit(0);
  })
  .catch((error) => {
    process.stderr.write(`migration failed: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  });
