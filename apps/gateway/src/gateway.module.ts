import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { HealthCheckLogger } from './health/health-check-logger';
import { AccountsModule, AccountVerificationService, KeyApprovalService, KeyRegistrationService, AccountMailer } from '@app/accounts';
import { AppConfig, ConfigModule } from '@app/config';
import { DbModule } from '@app/db';
import { IdempotencyModule } from '@app/idempotency';
import { JobsModule } from '@app/jobs';
import { LoggingModule } from '@app/logging';
import { MediaModule } from '@app/media';
import { CacheAnnouncementsModule } from '@app/redis';
import { StorageModule } from '@app/storage';
import { WebhookRelayModule, WebhooksModule } from '@app/webhooks';
import { AdminApiController } from './admin/admin-api.controller';
import { QueueDashboardModule } from './admin/queue-dashboard.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { AuthService } from './auth/auth.service';
import { GatewayCaches } from './caching/gateway-caches';
import { DeliveryController } from './delivery/delivery.controller';
import { ApiDocuments } from './documents/api-documents';
import { DocumentsController } from './documents/documents.controller';
import { DeliveryService } from './delivery/delivery.service';
import { DeliveryFacts } from './delivery/delivery-facts';
import { FastDelivery } from './delivery/fast-delivery';
import { VariantRenderer } from './delivery/variant-renderer.service';
import { HealthController } from './health/health.controller';
import { ImportController } from './import/import.controller';
import { ImportService } from './import/import.service';
import { KeysController } from './keys/keys.controller';
import { JobOutcomeWaiter } from './media/job-outcome-waiter.service';
import { MediaCreationService } from './media/media-creation.service';
import { MediaController } from './media/media.controller';
import { McpController } from './mcp/mcp.controller';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { ServiceInfoController } from './service-info.controller';
import { UploadController } from './upload/upload.controller';
import { UploadService } from './upload/upload.service';
import { UsageController } from './usage/usage.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { UpgradePageController } from './pages/upgrade-page.controller';
import { VerifyPageController } from './pages/verify-page.controller';
import { KeyApprovalPageController } from './pages/key-approval-page.controller';
import { ViewerPageController } from './viewer/viewer-page.controller';
import { REQUEST_PIPELINE } from './request-pipeline';
import { DashboardSessionReader } from './dashboard/dashboard-session-reader';
import { KeysPageController } from './dashboard/keys-page.controller';
import { MediaPageController } from './dashboard/media-page.controller';
import { SignInController } from './dashboard/sign-in.controller';
import { UsagePageController } from './dashboard/usage-page.controller';

/** HTTP only: the gateway enqueues jobs and waits for them, it never processes one. */
@Module({})
export class GatewayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }

  static create(config: AppConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DiscoveryModule,
        DbModule,
        StorageModule,
        CacheAnnouncementsModule.forRoot(config),
        MediaModule,
        JobsModule.register(),
        TerminusModule.forRoot({ logger: HealthCheckLogger }),
        RateLimitModule,
        IdempotencyModule,
        AccountsModule,
        WebhooksModule,
        WebhookRelayModule,
        QueueDashboardModule.register(config),
      ],
      controllers: [
        ServiceInfoController,
        MetricsController,
        HealthController,
        KeysController,
        AdminApiController,
        UploadController,
        ImportController,
        MediaController,
        UsageController,
        WebhooksController,
        McpController,
        UpgradePageController,
        VerifyPageController,
        KeyApprovalPageController,
        SignInController,
        KeysPageController,
        UsagePageController,
        MediaPageController,
        DocumentsController,
        // After every other one-segment route (it passes on anything that is not a media id).
        ViewerPageController,
        // Last: its two-segment wildcard route must not shadow the others.
        DeliveryController,
      ],
      providers: [
        ...REQUEST_PIPELINE,
        ApiDocuments,
        MetricsService,
        HttpMetricsMiddleware,
        GatewayCaches,
        AuthService,
        DashboardSessionReader,
        KeyRegistrationService, AccountMailer, AccountVerificationService, KeyApprovalService, UploadService, ImportService, MediaCreationService, JobOutcomeWaiter, VariantRenderer, DeliveryFacts, DeliveryService, FastDelivery],
    };
  }
}
