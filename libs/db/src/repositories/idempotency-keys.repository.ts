import { Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';

export interface IdempotencyRecord {
  claimId: string;
  state: 'in_progress' | 'done';
  mediaId: string;
  fingerprint: string | null;
  status: number | null;
  body: Record<string, unknown> | null;
}

export interface ClaimBounds {
  /** A record older than this is gone: the key is new again. */
  keptMs: number;
  /** An in-progress record older than this belongs to a request that can no longer be running. */
  inProgressMs: number;
}

export type ClaimResult = { claimed: true; claimId: string } | { claimed: false; record: IdempotencyRecord };

const older = (param: string) => `idempotency_keys.created_at < CURRENT_TIMESTAMP - ${param}::double precision * interval '1 millisecond'`;

// A new key, one past its 24 h, or one whose holder cannot be answering any more (past the longest request, or
// its media already final) is taken in one statement, so of racing requests exactly one holds it.
const CLAIM = `
  INSERT INTO idempotency_keys (scope, key, claim_id, state, media_id) VALUES ($1, $2, $3, 'in_progress', $4)
  ON CONFLICT (scope, key) DO UPDATE
    SET claim_id = EXCLUDED.claim_id, state = 'in_progress', media_id = EXCLUDED.media_id,
        fingerprint = NULL, status = NULL, body = NULL, created_at = CURRENT_TIMESTAMP
    WHERE ${older('$5')}
       OR (idempotency_keys.state = 'in_progress'
           AND (${older('$6')} OR EXISTS (SELECT 1 FROM media WHERE media.id = idempotency_keys.media_id AND media.status <> 'processing')))
  RETURNING claim_id`;

const FIND = `SELECT claim_id, state, media_id, fingerprint, status, body FROM idempotency_keys
  WHERE scope = $1 AND key = $2 AND NOT ${older('$3')}`;

interface RecordRow {
  claim_id: string;
  state: 'in_progress' | 'done';
  media_id: string;
  fingerprint: string | null;
  status: number | null;
  body: Record<string, unknown> | null;
}

/** The idempotency_keys table: claim, finish, release and the 24 h sweep. */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims (scope, key) for a request creating `mediaId`, or returns the record holding it. */
  async claim(scope: string, key: string, mediaId: string, bounds: ClaimBounds): Promise<ClaimResult> {
    for (;;) {
      const claimId = randomUUID();
      const claimed: { claim_id: string }[] = await this.dataSource.query(CLAIM, [scope, key, claimId, mediaId, bounds.keptMs, bounds.inProgressMs]);
      if (claimed.length) return { claimed: true, claimId };
      const [row]: RecordRow[] = await this.dataSource.query(FIND, [scope, key, bounds.keptMs]);
      // Gone between the two statements (released or swept): try again.
      if (row) return { claimed: false, record: toRecord(row) };
    }
  }

  /** Stores the final answer of the request holding the claim; false when it no longer holds it. */
  async finish(scope: string, key: string, claimId: string, answer: { fingerprint: string; status: number; body: unknown }): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'done', fingerprint = $4, status = $5, body = $6
        WHERE scope = $1 AND key = $2 AND claim_id = $3 AND state = 'in_progress' RETURNING 1`,
      [scope, key, claimId, answer.fingerprint, answer.status, JSON.stringify(answer.body)],
    );
    return rows.length > 0;
  }

  /** Frees the key of a request whose answer is not kept; a later holder's claim is left alone. */
  async release(scope: string, key: string, claimId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND claim_id = $3 AND state = 'in_progress'`, [
      scope,
      key,
      claimId,
    ]);
  }

  /** Removes up to `limit` records older than `keptMs`; returns how many. */
  async deleteExpired(keptMs: number, limit: number): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE (scope, key) IN
         (SELECT scope, key FROM idempotency_keys WHERE ${older('$1')} LIMIT $2) RETURNING 1`,
      [keptMs, limit],
    );
    return rows.length;
  }
}

function toRecord(row: RecordRow): IdempotencyRecord {
  return { claimId: row.claim_id, state: row.state, mediaId: row.media_id, fingerprint: row.fingerprint, status: row.status, body: row.body };
}
