import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { KeysRepository } from '@app/db';
import { hashKeySecret, KEY_PREFIX, KeyUseRecorder } from '@app/accounts';
import { pendingKeyForbidden, unauthorized } from '@app/errors';
import { GatewayCaches } from '../caching/gateway-caches';
import { Caller } from './caller';

@Injectable()
export class AuthService {
  constructor(
    private readonly keys: KeysRepository,
    private readonly keyUse: KeyUseRecorder,
    private readonly caches: GatewayCaches,
  ) {}

  /**
   * No Authorization header → anonymous; a header that is present but wrong → 401, never anonymous. A
   * pending key is refused here, where every route's key becomes a caller, so it can do nothing at all.
   */
  async resolveCaller(req: Request): Promise<Caller> {
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const header = req.headers.authorization;
    if (header === undefined) return { kind: 'anonymous', ip };
    const match = /^Bearer ([A-Za-z0-9_]{1,200})$/.exec(header.trim());
    if (!match || !match[1].startsWith(KEY_PREFIX)) throw unauthorized();
    const hash = hashKeySecret(match[1]);
    const found = await this.caches.callers.fetch(
      hash,
      () => this.keys.findActiveByHash(hash),
      // Only active keys are kept: a pending one is refused anyway, and is not worth a slot.
      (active) => active.key.status === 'active',
    );
    if (!found) throw unauthorized();
    if (found.key.status === 'pending') throw pendingKeyForbidden();
    this.keyUse.record(found.key);
    return { kind: 'key', ip, key: found.key, account: found.account };
  }
}
