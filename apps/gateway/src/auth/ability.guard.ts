import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '@app/errors';
import type { RequestWithCaller } from './auth.guard';
import { hasAbility } from './caller';
import { accessOf } from './route-access';

/** Second step of the request pipeline: may this caller use the route? No key where one is needed → 401, a key without the ability → 403. */
@Injectable()
export class AbilityGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = accessOf(this.reflector, context);
    if (access.kind !== 'key') return true;
    const caller = context.switchToHttp().getRequest<RequestWithCaller>().caller!;
    if (caller.kind === 'anonymous') {
      if (access.anonymous) return true;
      throw unauthorized();
    }
    if (!hasAbility(caller, access.ability)) throw forbidden();
    return true;
  }
}
