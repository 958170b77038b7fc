import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { AppConfig, ConfigModule } from '@app/config';
import { DbModule } from '@app/db';
import { CacheAnnouncementsModule } from '@app/redis';
import { WebhooksModule } from '@app/webhooks';

/**
 * The services the admin API runs, without HTTP or queues: only the database is needed. Its writes are announced
 * to the gateways' caches when Redis answers within a second; otherwise they reach them within 5 s (entry lifetime).
 */
@Module({})
export class AdminCliModule {
  static create(config: AppConfig): DynamicModule {
    return { module: AdminCliModule, imports: [ConfigModule.forRoot(config), DbModule, CacheAnnouncementsModule.forRoot(config), AccountsModule, WebhooksModule] };
  }
}
