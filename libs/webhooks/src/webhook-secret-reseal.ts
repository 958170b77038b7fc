import { Injectable } from '@nestjs/common';
import { WebhookEndpointsRepository } from '@app/db';
import { SecretBox } from './secret-box';

export interface ResealReport {
  resealed: number;
  current: number;
  /** Endpoint ids whose secret none of the configured secrets opens (sealed under a secret no longer listed). */
  unreadable: string[];
}

/**
 * The last step of a SIGNING_SECRET rotation (`npm run admin -- webhooks reseal`): every webhook secret sealed
 * under a previous secret is sealed again under the current one, after which WEBHOOK_SECRET_PREVIOUS can go.
 */
@Injectable()
export class WebhookSecretReseal {
  constructor(
    private readonly box: SecretBox,
    private readonly endpoints: WebhookEndpointsRepository,
  ) {}

  async resealAll(): Promise<ResealReport> {
    const report: ResealReport = { resealed: 0, current: 0, unreadable: [] };
    for (const endpoint of await this.endpoints.all()) {
      if (!this.box.isStale(endpoint.sealedSecret)) {
        report.current++;
        continue;
      }
      let secret: string;
      try {
        secret = this.box.open(endpoint.sealedSecret);
      } catch {
        report.unreadable.push(endpoint.id);
        continue;
      }
      // A row deleted meanwhile is simply not there to reseal.
      if (await this.endpoints.replaceSealedSecret(endpoint.id, endpoint.sealedSecret, this.box.seal(secret))) report.resealed++;
    }
    return report;
  }
}
