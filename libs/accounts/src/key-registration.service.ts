import { Injectable } from '@nestjs/common';
import { planFor } from '@app/config';
import type { KeyStatus } from '@app/db';
import { AccountMailer } from './account-mailer';
import { KeysService } from './keys.service';
import { planLimits, UsageReport } from './usage.service';

export interface CreatedKey {
  key: string;
  key_id: string;
  status: KeyStatus;
  verified: boolean;
  limits: UsageReport['limits'];
  message: string;
}

export const PENDING_KEY_MESSAGE = 'This email already has an account. We sent its owner a link to approve this key; it works once approved.';

/**
 * `POST /v1/keys`: a key under the public rules, and the mail that goes with it (verification for a new
 * account, approval for a key requested on an existing one). Apart from KeysService because mail needs the
 * job queue, which the admin CLI does without.
 */
@Injectable()
export class KeyRegistrationService {
  constructor(
    private readonly keys: KeysService,
    private readonly mailer: AccountMailer,
  ) {}

  async createKey(input: { email: string; name: string; requestedIp: string }): Promise<CreatedKey> {
    const { secret, key, account } = await this.keys.register(input);
    const pending = key.status === 'pending';
    if (pending) await this.mailer.send('approval', account);
    else if (!account.verified) await this.mailer.send('verification', account);
    return {
      key: secret,
      key_id: key.id,
      status: key.status,
      verified: account.verified,
      limits: planLimits(planFor(account.plan), account.verified),
      message: pending
        ? PENDING_KEY_MESSAGE
        : account.verified
          ? 'Key active.'
          : 'Key active. Check your email to verify and unlock permanent storage.',
    };
  }
}
