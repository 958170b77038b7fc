import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { notFound, unauthorized } from '@app/errors';
import { hasAdminBearer } from './admin-auth';

/** The admin API: `Bearer <ADMIN_TOKEN>` or 401; without ADMIN_TOKEN it does not exist (404, like any unknown route). */
@Injectable()
export class AdminApiGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.adminToken) throw notFound('Not found');
    const req = context.switchToHttp().getRequest<Request>();
    if (!hasAdminBearer(req.headers.authorization, this.config.adminToken)) throw unauthorized();
    return true;
  }
}
