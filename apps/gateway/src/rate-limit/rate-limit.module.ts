import { Module } from '@nestjs/common';
import { RateLimitCounters } from './rate-limit-counters';
import { RateLimiter } from './rate-limiter.service';

/** The Redis counters behind @RateLimit routes (RateLimitGuard, a step of the request pipeline, uses them). */
@Module({ providers: [RateLimitCounters, RateLimiter], exports: [RateLimiter] })
export class RateLimitModule {}
