import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyService, IdempotencyTicket, parseIdempotencyKey } from '@app/idempotency';
import type { RequestWithCaller } from '../auth/auth.guard';
import type { Caller } from '../auth/caller';
import { generateMediaId } from '@app/media';

const ACCEPTS_IDEMPOTENCY_KEY = 'acceptsIdempotencyKey';

/** The route creates media and honours an `Idempotency-Key` header (SPEC §3). */
export const AcceptsIdempotencyKey = () => SetMetadata(ACCEPTS_IDEMPOTENCY_KEY, true);

export type RequestWithIdempotency = Request & { idempotency?: IdempotencyTicket };

/** Keys are the account's, or the client IP's when anonymous. */
export function idempotencyScope(caller: Caller): string {
  return caller.kind === 'key' ? `account:${caller.account.id}` : `ip:${caller.ip}`;
}

/**
 * The request pipeline's step between ability and rate limit: a request with an Idempotency-Key claims it
 * or finds the answer it holds before rate limits and quota count (a replay costs neither; the rate limit
 * skips it). A claim whose handler never runs (a 429 after it) is released when the response closes.
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.reflector.getAllAndOverride<boolean>(ACCEPTS_IDEMPOTENCY_KEY, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<RequestWithCaller & RequestWithIdempotency>();
    const key = parseIdempotencyKey(req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()]);
    if (key === undefined) return true;
    const ticket = await this.idempotency.open(idempotencyScope(req.caller!), key, generateMediaId());
    req.idempotency = ticket;
    context.switchToHttp().getResponse<Response>().once('close', () => void this.idempotency.releaseUnlessRun(ticket));
    return true;
  }
}

/** A request repeating a finished one: it creates nothing, so no rate limit counts it. */
export function isIdempotentRepeat(req: Request): boolean {
  return (req as RequestWithIdempotency).idempotency?.kind === 'replay';
}
