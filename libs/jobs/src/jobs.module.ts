import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ALL_QUEUES, DEFAULT_JOB_OPTIONS, QUEUE_JOB_OPTIONS } from './queues';
import { QueueCloser } from './queue-closer';
import { QueueErrorLog } from './queue-error-log';
import { redisConnectionOptions } from './bullmq-connection';

/** Registers the Redis connection and every queue; both apps import it, only the worker adds processors. */
@Module({})
export class JobsModule {
  static register(): DynamicModule {
    return {
      module: JobsModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: redisConnectionOptions(config.redisUrl),
            prefix: config.queuePrefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        ...ALL_QUEUES.map((name) => BullModule.registerQueue({ name, defaultJobOptions: QUEUE_JOB_OPTIONS[name] ?? DEFAULT_JOB_OPTIONS })),
      ],
      providers: [QueueCloser, QueueErrorLog],
      exports: [BullModule],
    };
  }
}
