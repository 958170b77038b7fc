import { Module } from '@nestjs/common';
import { RateLimitCounters } from './rate-limit-counters';

/** The Redis counters behind @RateLimited routes (the guard is created where those controllers live). */
@Module({ providers: [RateLimitCounters], exports: [RateLimitCounters] })
export class RateLimitModule {}
