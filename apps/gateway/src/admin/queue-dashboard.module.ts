import { DynamicModule, Module } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import type { AppConfig } from '@app/config';
import { ALL_QUEUES } from '@app/jobs';
import { adminAuthMiddleware } from './admin-auth';

export const QUEUE_DASHBOARD_ROUTE = '/admin/queues';

/** bull-board at /admin/queues behind ADMIN_TOKEN; not mounted at all when no token is configured. */
@Module({})
export class QueueDashboardModule {
  static register(config: AppConfig): DynamicModule {
    if (!config.adminToken) return { module: QueueDashboardModule };
    return {
      module: QueueDashboardModule,
      imports: [
        BullBoardModule.forRoot({
          route: QUEUE_DASHBOARD_ROUTE,
          adapter: ExpressAdapter,
          middleware: adminAuthMiddleware(config.adminToken),
        }),
        ...ALL_QUEUES.map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
      ],
    };
  }
}
