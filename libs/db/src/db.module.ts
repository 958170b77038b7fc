import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { dataSourceOptions, resolveDatabaseUrl } from './data-source-options';
import { AccountVerificationRepository } from './repositories/account-verification.repository';
import { AccountsRepository } from './repositories/accounts.repository';
import { KeysRepository } from './repositories/keys.repository';
import { MediaRepository } from './repositories/media.repository';
import { SessionsRepository } from './repositories/sessions.repository';
import { UsageRepository } from './repositories/usage.repository';
import { IdempotencyKeysRepository } from './repositories/idempotency-keys.repository';
import { WebhookOutboxRepository } from './repositories/webhook-outbox.repository';

const REPOSITORIES = [AccountsRepository, AccountVerificationRepository, KeysRepository, MediaRepository, SessionsRepository, UsageRepository, IdempotencyKeysRepository, WebhookOutboxRepository];

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(resolveDatabaseUrl(config), 10, config.dbQueryTimeoutMs), retryAttempts: 3 }),
    }),
  ],
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class DbModule {}
