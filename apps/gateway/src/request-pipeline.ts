import type { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AbilityGuard } from './auth/ability.guard';
import { AuthGuard } from './auth/auth.guard';
import { RouteAccessCheck } from './auth/route-access-check';
import { IdempotencyGuard } from './idempotency/idempotency.guard';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';

/**
 * Every request's pipeline, in this order (Nest runs global guards as registered): auth (who calls),
 * ability (may they), idempotency (is it a repeat: before any count), rate limit (how often). Routes only
 * declare what they need: `@Public()`, `@Ability()`, `@OperatorOnly()` (auth/route-access.ts),
 * `@AcceptsIdempotencyKey()` and `@RateLimit()`.
 */
export const REQUEST_PIPELINE: Provider[] = [
  { provide: APP_GUARD, useClass: AuthGuard },
  { provide: APP_GUARD, useClass: AbilityGuard },
  { provide: APP_GUARD, useClass: IdempotencyGuard },
  { provide: APP_GUARD, useClass: RateLimitGuard },
  RouteAccessCheck,
];
