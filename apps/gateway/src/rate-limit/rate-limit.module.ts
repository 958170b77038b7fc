import { Module } from '@nestjs/common';
import { RateLimitCounters } from './rate-limit-counters';
import { RateLimiter } from './rate-limiter.service';

/** The Redis counters behind @RateLimited routes (the guard is created where those controllers live). */
@Module({ providers: [RateLimitCounters, RateLimiter], exports: [RateLimiter] })
export class RateLimitModule {}
