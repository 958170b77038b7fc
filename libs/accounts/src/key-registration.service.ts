import { Injectable } from '@nestjs/common';
import { planFor } from '@app/config';
import { KeysService } from './keys.service';
import { planLimits, UsageReport } from './usage.service';
import { VerificationMailer } from './verification-mailer';

export interface CreatedKey {
  key: string;
  key_id: string;
  status: 'active';
  verified: boolean;
  limits: UsageReport['limits'];
  message: string;
}

/**
 * `POST /v1/keys`: a key under the public rules, and a verification mail for an unverified account.
 * Apart from KeysService because the mail needs the job queue, which the admin CLI does without.
 */
@Injectable()
export class KeyRegistrationService {
  constructor(
    private readonly keys: KeysService,
    private readonly verificationMailer: VerificationMailer,
  ) {}

  async createKey(input: { email: string; name: string }): Promise<CreatedKey> {
    const { secret, key, account } = await this.keys.register(input);
    if (!account.verified) await this.verificationMailer.requestVerification(account.id, account.email);
    return {
      key: secret,
      key_id: key.id,
      status: 'active',
      verified: account.verified,
      limits: planLimits(planFor(account.plan), account.verified),
      message: account.verified ? 'Key active.' : 'Key active. Check your email to verify and unlock permanent storage.',
    };
  }
}
