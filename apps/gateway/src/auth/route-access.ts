import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { KeyAbility } from '@app/db';

/** Who may call a route; every route declares one (checked at start-up by RouteAccessCheck). */
export type RouteAccess =
  /**
   * identifiesCaller: a key, when sent, must be valid (else 401) and tells the route who calls.
   * signInForm: a dashboard form posted before any session exists; a browser's cross-site post is refused.
   */
  | { kind: 'public'; identifiesCaller: boolean; signInForm?: true }
  /** A key with this ability (401 without a key, 403 without the ability); `anonymous`: no key is fine too. */
  | { kind: 'key'; ability: KeyAbility; anonymous: boolean }
  /** ADMIN_TOKEN, the operators' credential. */
  | { kind: 'operator' }
  /**
   * The owner's dashboard: the session cookie tells who is signed in (a page may show the sign-in form
   * without one); a POST needs a session and its CSRF token, else it is refused with a 403 page.
   */
  | { kind: 'session' };

const ROUTE_ACCESS = 'routeAccess';

function declare(access: RouteAccess) {
  return (target: object, method?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const declared = descriptor ? descriptor.value : target;
    if (Reflect.hasOwnMetadata(ROUTE_ACCESS, declared)) {
      throw new Error(`${method ? `${target.constructor.name}.${String(method)}` : (target as { name: string }).name} declares its access twice`);
    }
    Reflect.defineMetadata(ROUTE_ACCESS, access, declared);
  };
}

/** No key needed; the route reads no caller unless `identifiesCaller` (e.g. private media shown to their owner). */
export const Public = (options: { identifiesCaller?: boolean } = {}) => declare({ kind: 'public', identifiesCaller: options.identifiesCaller ?? false });

/** A key with this ability; with `anonymous: true` a caller without a key is welcome too. */
export const Ability = (ability: KeyAbility, options: { anonymous?: boolean } = {}) =>
  declare({ kind: 'key', ability, anonymous: options.anonymous ?? false });

/** Operators only: `Authorization: Bearer <ADMIN_TOKEN>`; without ADMIN_TOKEN the route does not exist (404). */
export const OperatorOnly = () => declare({ kind: 'operator' });

/**
 * The dashboard's sign-in forms (ask for a link, confirm it): no credential yet, so no CSRF token either;
 * a browser posting them from another site is refused (login CSRF), before anything is counted.
 */
export const SignInForm = () => declare({ kind: 'public', identifiesCaller: false, signInForm: true });

/** A dashboard page or form of the signed-in owner. */
export const SignedIn = () => declare({ kind: 'session' });

/** The method's declaration, else its controller's. */
export function declaredAccess(reflector: Reflector, handler: Function, controller: Function): RouteAccess | undefined {
  return reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [handler, controller]);
}

export function accessOf(reflector: Reflector, context: ExecutionContext): RouteAccess {
  const access = declaredAccess(reflector, context.getHandler(), context.getClass());
  // RouteAccessCheck refuses to start a gateway with such a route, so this is a route added past it.
  if (!access) throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no access`);
  return access;
}
