import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { KeyAbility } from '@app/db';
import { forbidden, unauthorized } from '@app/errors';
import { AuthService } from './auth.service';
import { Caller, hasAbility } from './caller';

const REQUIRED_ABILITY = 'requiredAbility';
const ANONYMOUS_ALLOWED = 'anonymousAllowed';

/** The route needs a key with this ability: no key → 401, a key without it → 403. */
export const RequiresKey = (ability: KeyAbility) => SetMetadata(REQUIRED_ABILITY, ability);

/** Anonymous callers are welcome; a key, when sent, must have this ability (else 403). */
export const AnonymousOrKey = (ability: KeyAbility) =>
  applyDecorators(SetMetadata(REQUIRED_ABILITY, ability), SetMetadata(ANONYMOUS_ALLOWED, true));

type RequestWithCaller = Request & { caller?: Caller };

export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<RequestWithCaller>().caller!;
});

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithCaller>();
    const caller = await this.auth.resolveCaller(req);
    req.caller = caller;
    const ability = this.reflector.getAllAndOverride<KeyAbility | undefined>(REQUIRED_ABILITY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!ability) return true;
    if (caller.kind === 'anonymous') {
      if (this.reflector.getAllAndOverride<boolean>(ANONYMOUS_ALLOWED, [context.getHandler(), context.getClass()])) return true;
      throw unauthorized();
    }
    if (!hasAbility(caller, ability)) throw forbidden();
    return true;
  }
}
