import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { CacheAnnouncer, RedisCacheAnnouncer } from './cache-announcer';

export interface CacheAnnouncementsOptions {
  redisUrl: string;
  queuePrefix: string;
}

@Injectable()
class AnnouncerCloser implements OnApplicationShutdown {
  constructor(@Inject(CacheAnnouncer) private readonly announcer: CacheAnnouncer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.announcer.close();
  }
}

/** Provides the CacheAnnouncer the shared services announce their writes with, in every process that writes. */
@Global()
@Module({})
export class CacheAnnouncementsModule {
  static forRoot(options: CacheAnnouncementsOptions): DynamicModule {
    return {
      module: CacheAnnouncementsModule,
      providers: [{ provide: CacheAnnouncer, useFactory: () => new RedisCacheAnnouncer(options.redisUrl, options.queuePrefix) }, AnnouncerCloser],
      exports: [CacheAnnouncer],
    };
  }
}
