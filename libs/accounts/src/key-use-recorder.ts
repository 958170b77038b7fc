import { Injectable, Logger } from '@nestjs/common';
import { ApiKeyEntity, KeysRepository } from '@app/db';

export const LAST_USED_PRECISION_MS = 60_000;
/** Past this many remembered keys, those not written within the last minute are forgotten. */
const MAX_REMEMBERED = 10_000;

/**
 * Keeps `last_used_at` to the minute without a database write per request: a key is written at most
 * once a minute per process, and not at all while the time the database already holds is that fresh.
 * The write is not awaited and its failure is only logged: it never fails or slows a request.
 */
@Injectable()
export class KeyUseRecorder {
  private readonly logger = new Logger(KeyUseRecorder.name);
  private readonly writtenAt = new Map<string, number>();

  constructor(private readonly keys: KeysRepository) {}

  record(key: Pick<ApiKeyEntity, 'id' | 'lastUsedAt'>, now = Date.now()): void {
    const last = Math.max(this.writtenAt.get(key.id) ?? 0, key.lastUsedAt?.getTime() ?? 0);
    if (now - last < LAST_USED_PRECISION_MS) return;
    this.remember(key.id, now);
    this.keys.touchLastUsed(key.id, new Date(now)).catch((error: Error) => {
      this.logger.warn(`last_used_at of ${key.id} not written: ${error.message}`);
    });
  }

  private remember(keyId: string, now: number): void {
    if (this.writtenAt.size >= MAX_REMEMBERED) {
      for (const [id, at] of this.writtenAt) if (now - at >= LAST_USED_PRECISION_MS) this.writtenAt.delete(id);
    }
    this.writtenAt.set(keyId, now);
  }
}
