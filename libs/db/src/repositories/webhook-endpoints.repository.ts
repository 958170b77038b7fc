import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface WebhookEndpointRow {
  id: string;
  accountId: string;
  url: string;
  events: string[];
  sealedSecret: string;
  createdAt: Date;
  disabledAt: Date | null;
}

export type NewWebhookEndpoint = Pick<WebhookEndpointRow, 'id' | 'accountId' | 'url' | 'events' | 'sealedSecret'>;

export interface WebhookDeliveryRow {
  messageId: string;
  type: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  outcome: 'delivered' | 'retrying' | 'failed' | 'disabled';
  at: Date;
}

interface EndpointRecord {
  id: string;
  account_id: string;
  url: string;
  events: string[];
  sealed_secret: string;
  created_at: Date;
  disabled_at: Date | null;
}

const COLUMNS = 'id, account_id, url, events, sealed_secret, created_at, disabled_at';

const toEndpoint = (row: EndpointRecord): WebhookEndpointRow => ({
  id: row.id,
  accountId: row.account_id,
  url: row.url,
  events: row.events,
  sealedSecret: row.sealed_secret,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
});

/** An account's webhook endpoints and the log of their delivery attempts. */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the endpoint unless the account already has `max`; null then. The account row is locked first
   * (its own statement, so the count after it sees every endpoint committed meanwhile): racing requests take
   * turns and none passes the limit.
   */
  insertWithinLimit(endpoint: NewWebhookEndpoint, max: number): Promise<WebhookEndpointRow | null> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT id FROM accounts WHERE id = $1 FOR UPDATE', [endpoint.accountId]);
      const [{ n }]: { n: number }[] = await tx.query('SELECT count(*)::int AS n FROM webhook_endpoints WHERE account_id = $1', [endpoint.accountId]);
      if (n >= max) return null;
      const [row]: EndpointRecord[] = await tx.query(
        `INSERT INTO webhook_endpoints (id, account_id, url, events, sealed_secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [endpoint.id, endpoint.accountId, endpoint.url, endpoint.events, endpoint.sealedSecret],
      );
      return toEndpoint(row);
    });
  }

  async listOf(accountId: string): Promise<WebhookEndpointRow[]> {
    const rows: EndpointRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE account_id = $1 ORDER BY created_at, id`,
      [accountId],
    );
    return rows.map(toEndpoint);
  }

  async findById(id: string): Promise<WebhookEndpointRow | null> {
    const rows: EndpointRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
    return rows.length ? toEndpoint(rows[0]) : null;
  }

  /** Deletes the account's endpoint (its pending events and delivery log with it); false when it has none by that id. */
  async deleteOwn(accountId: string, id: string): Promise<boolean> {
    // TypeORM answers an UPDATE or DELETE with [rows, affected].
    const [, affected]: [unknown[], number] = await this.dataSource.query(`DELETE FROM webhook_endpoints WHERE id = $1 AND account_id = $2`, [id, accountId]);
    return affected > 0;
  }

  /** A receiver answered 410 Gone: no more deliveries to it. */
  async disable(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_endpoints SET disabled_at = CURRENT_TIMESTAMP WHERE id = $1 AND disabled_at IS NULL`, [id]);
  }

  /** Replaces sealed secrets (a key rotation); each row only if it still holds what was read. */
  async replaceSealedSecret(id: string, before: string, after: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `UPDATE webhook_endpoints SET sealed_secret = $3 WHERE id = $1 AND sealed_secret = $2`,
      [id, before, after],
    );
    return affected > 0;
  }

  async all(): Promise<WebhookEndpointRow[]> {
    const rows: EndpointRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY id`);
    return rows.map(toEndpoint);
  }

  /** The endpoint's last `limit` attempts, newest first. */
  async deliveriesOf(endpointId: string, limit: number): Promise<WebhookDeliveryRow[]> {
    const rows: { message_id: string; type: string; attempt: number; status_code: number | null; error: string | null; outcome: WebhookDeliveryRow['outcome']; at: Date }[] =
      await this.dataSource.query(
        `SELECT message_id, type, attempt, status_code, error, outcome, at FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY seq DESC LIMIT $2`,
        [endpointId, limit],
      );
    return rows.map((row) => ({
      messageId: row.message_id,
      type: row.type,
      attempt: row.attempt,
      statusCode: row.status_code,
      error: row.error,
      outcome: row.outcome,
      at: row.at,
    }));
  }
}
