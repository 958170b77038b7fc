import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DbModule } from '@app/db';
import { IdempotencyModule } from '@app/idempotency';
import { JobsModule } from '@app/jobs';
import { LoggingModule } from '@app/logging';
import { MediaModule } from '@app/media';
import { CacheAnnouncementsModule } from '@app/redis';
import { StorageModule } from '@app/storage';
import { WebhookRelayModule, WebhooksModule } from '@app/webhooks';
import { MediaPipeline } from './pipeline/media-pipeline.service';
import { MailTransport } from './mail/mail-transport';
import { LeftoverSweep } from './processors/leftover-sweep';
import { LostJobRecovery } from './processors/lost-job-recovery';
import { MailProcessor } from './processors/mail.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { BackfillProcessor } from './processors/backfill.processor';
import { ImportProcessor } from './processors/import.processor';
import { IngestProcessor } from './processors/ingest.processor';
import { VariantProcessor } from './processors/variant.processor';
import { SweepSchedule } from './sweep-schedule';
import { WorkerRunner } from './worker-runner.service';
import { WorkerMetrics } from './metrics/worker-metrics';
import { WorkerMetricsServer } from './metrics/metrics-server';

/** Worker process: processors only, no HTTP. The only place BullMQ Workers are created. */
@Module({})
export class WorkerModule {
  /** The config is parsed by main.ts at boot, not at import time, so a bad setting is reported as such. */
  static create(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DbModule, StorageModule, CacheAnnouncementsModule.forRoot(config), MediaModule, IdempotencyModule, JobsModule.register(), WebhooksModule, WebhookRelayModule],
      providers: [MediaPipeline, IngestProcessor, ImportProcessor, MaintenanceProcessor, LeftoverSweep, LostJobRecovery, MailTransport, MailProcessor, VariantProcessor, BackfillProcessor, WorkerRunner, SweepSchedule, WorkerMetrics, WorkerMetricsServer],
    };
  }
}
