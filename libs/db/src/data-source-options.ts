import type { DataSourceOptions } from 'typeorm';
import { ClientClosedOnQueryTimeout } from './client-closed-on-query-timeout';
import { AccountEntity } from './entities/account.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { MediaEntity } from './entities/media.entity';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { MediaCleanup1764100000000 } from './migrations/1764100000000-media-cleanup';
import { AccountsAndLimits1764200000000 } from './migrations/1764200000000-accounts-and-limits';
import { MediaManagement1764500000000 } from './migrations/1764500000000-media-management';
import { MediaVariants1764600000000 } from './migrations/1764600000000-media-variants';
import { UploadReservations1764700000000 } from './migrations/1764700000000-upload-reservations';
import { KeyApproval1764800000000 } from './migrations/1764800000000-key-approval';
import { VariantBytesApart1764900000000 } from './migrations/1764900000000-variant-bytes-apart';
import { IdempotencyKeys1764987000000 } from './migrations/1764987000000-idempotency-keys';
import { DashboardSessions1764990000000 } from './migrations/1764990000000-dashboard-sessions';
import { KeptKeys1764995000000 } from './migrations/1764995000000-kept-keys';
import { MediaSha2561765010000000 } from './migrations/1765010000000-media-sha256';
import { Webhooks1765020000000 } from './migrations/1765020000000-webhooks';
import { MediaPlaceholders1765030000000 } from './migrations/1765030000000-media-placeholders';
import { StoredObjects1765040000000 } from './migrations/1765040000000-stored-objects';
import { SweepIndexes1765050000000 } from './migrations/1765050000000-sweep-indexes';

export const ENTITIES = [AccountEntity, ApiKeyEntity, MediaEntity];
export const MIGRATIONS = [
  InitialSchema1764000000000,
  MediaCleanup1764100000000,
  AccountsAndLimits1764200000000,
  MediaManagement1764500000000,
  MediaVariants1764600000000,
  UploadReservations1764700000000,
  KeyApproval1764800000000,
  VariantBytesApart1764900000000,
  IdempotencyKeys1764987000000,
  DashboardSessions1764990000000,
  KeptKeys1764995000000,
  MediaSha2561765010000000,
  Webhooks1765020000000,
  MediaPlaceholders1765030000000,
  StoredObjects1765040000000,
  SweepIndexes1765050000000,
];

/** The database URL in use: DATABASE_URL, or the embedded PGlite server the launcher runs. */
export function resolveDatabaseUrl(config: { databaseUrl?: string; embeddedDbPort: number }): string {
  return config.databaseUrl ?? `postgres://postgres@127.0.0.1:${config.embeddedDbPort}/postgres`;
}

/**
 * `queryTimeoutMs` bounds each statement on the client side, so a database that stops answering (a
 * network partition, a server hung mid-restart) fails the query instead of holding the request; 0: no
 * bound (migrations and one-off tools may run long statements).
 */
export function dataSourceOptions(url: string, poolSize = 10, queryTimeoutMs = 0): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    // gen_random_uuid() is built in; PGlite has no uuid-ossp to install.
    installExtensions: false,
    migrationsRun: false,
    logging: false,
    // connectionTimeoutMillis bounds both a new connection and the wait for a free pooled one; keepAlive
    // lets the OS find a connection whose peer vanished without a word; a client whose query timed out
    // is not handed out again (see ClientClosedOnQueryTimeout).
    extra: {
      Client: ClientClosedOnQueryTimeout,
      max: poolSize,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(queryTimeoutMs > 0 ? { query_timeout: queryTimeoutMs, statement_timeout: serverStatementTimeoutMs(queryTimeoutMs) } : {}),
    },
  };
}

/**
 * PostgreSQL's own bound, a little shorter than the client's: a backend waiting on a row lock does not
 * notice its client gave up, so without it the abandoned statement could still commit after the caller got
 * its error. Cancelled by the server first, the statement is rolled back and the client hears why. (Sent as
 * a startup parameter, which the embedded PGlite server ignores; it needs none, serving one session at a
 * time, so no statement there waits on another's lock.)
 */
function serverStatementTimeoutMs(queryTimeoutMs: number): number {
  return Math.round(queryTimeoutMs - Math.min(1000, queryTimeoutMs / 5));
}
