import { Module, Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { WebhookEndpointsRepository } from '@app/db';
import { SecretBox } from './secret-box';
import { WebhookEndpoints } from './webhook-endpoints.service';
import { WebhookSecretReseal } from './webhook-secret-reseal';
import { WebhookDelivery } from './webhook-delivery';

const SECRET_BOX: Provider = {
  provide: SecretBox,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new SecretBox(config.signingSecret, config.webhooks.previousSigningSecrets),
};

const PROVIDERS = [SECRET_BOX, WebhookEndpointsRepository, WebhookEndpoints, WebhookSecretReseal, WebhookDelivery];

/** Webhook endpoints, for the gateway (the API), the worker (delivery) and the admin CLI (reseal). */
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class WebhooksModule {}
