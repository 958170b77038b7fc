import { Injectable, OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { declaredAccess } from './route-access';

/**
 * Refuses to start a gateway with a route that declares neither `@Public()` nor its `@Ability()`
 * (or `@OperatorOnly()`), so no route can be left open, or without a caller, by forgetting it.
 */
@Injectable()
export class RouteAccessCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const undeclared = this.discovery.getControllers().flatMap(({ metatype }) => {
      if (!metatype) return [];
      const prototype = metatype.prototype as Record<string, Function>;
      return this.scanner
        .getAllMethodNames(prototype)
        .filter((name) => Reflect.hasMetadata(PATH_METADATA, prototype[name]) && !declaredAccess(this.reflector, prototype[name], metatype))
        .map((name) => `${routeOf(metatype, prototype[name])} (${metatype.name}.${name})`);
    });
    if (undeclared.length > 0) {
      throw new Error(`Every route must declare @Public() or its @Ability(); these declare neither: ${undeclared.join(', ')}`);
    }
  }
}

function routeOf(controller: Function, handler: Function): string {
  const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'GET';
  const path = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, handler)]
    .flat()
    .filter((part: unknown) => typeof part === 'string' && part !== '/' && part !== '')
    .map((part: string) => part.replace(/^\/|\/$/g, ''))
    .join('/');
  return `${method} /${path}`;
}
