import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { AppConfig, ConfigModule } from '@app/config';
import { DbModule } from '@app/db';
import { WebhooksModule } from '@app/webhooks';

/** The services the admin API runs, without HTTP, queues or Redis: only the database is needed. */
@Module({})
export class AdminCliModule {
  static create(config: AppConfig): DynamicModule {
    return { module: AdminCliModule, imports: [ConfigModule.forRoot(config), DbModule, AccountsModule, WebhooksModule] };
  }
}
