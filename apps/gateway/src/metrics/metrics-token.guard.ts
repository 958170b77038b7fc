import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { unauthorized } from '@app/errors';
import { mayScrapeMetrics } from '@app/metrics';

/** With METRICS_TOKEN set, `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>` (else 401). */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!mayScrapeMetrics(req.headers.authorization, this.config.metricsToken)) throw unauthorized();
    return true;
  }
}
