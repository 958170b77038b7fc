/**
 * Paths the gateway serves that are not endpoints of the API, so its OpenAPI document leaves them out: the
 * operators' queue dashboard (bull-board), the catch-all that mounts middleware for every path
 * (`forRoutes('*')`), and the owner's dashboard, pages behind a session cookie for a person in a browser
 * (`@ApiExcludeController`), not for API clients. Matches both a router's path (`/keys/:keyId/revoke`) and a
 * request's (`/keys/key_abc/revoke`).
 */
export const UNDOCUMENTED_PATHS =
  /^\/admin\/queues(\/|$)|^\/\{\*path\}$|^\/keys(\/policy|\/[^/]+\/\w+)?$|^\/sign-(in|in\/confirm|out)$|^\/media(\/[^/]+\/(visibility|delete|thumbnail))?$|^\/usage(\/.*)?$/i;
