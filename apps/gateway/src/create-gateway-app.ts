import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import { APPROVE_KEY_PATH, VERIFY_PATH } from '@app/accounts';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { ApiExceptionFilter } from '@app/errors';
import { requestIdMiddleware } from '@app/logging';
import { ApiDocuments } from './documents/api-documents';
import { DASHBOARD_FORM_PATHS } from './dashboard/dashboard-page';
import { GatewayModule } from './gateway.module';
import { FastDelivery } from './delivery/fast-delivery';
import { MCP_PATH } from './mcp/mcp.controller';
import { describeUnreachableDependency } from './http/unreachable-dependency';
import { GatewayHttpAdapter } from './http/gateway-http-adapter';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { RateLimiter } from './rate-limit/rate-limiter.service';
import { countUnparsedKeyCreations } from './rate-limit/unparsed-key-creation';

/** Builds the gateway app; used by main.ts and by the end-to-end tests alike. */
export async function createGatewayApp(config: AppConfig): Promise<NestExpressApplication> {
  const adapter = new GatewayHttpAdapter(config.http);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.create(config), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Stored images and their 304s, before Express and Nest (delivery/fast-delivery.ts); the rest goes on.
  const fastDelivery = app.get(FastDelivery);
  adapter.handleFirst((req, res, next) => fastDelivery.handle(req, res, next));
  // Before the body parser, whose errors never reach the logger's middleware.
  app.use(requestIdMiddleware);
  // Not on /mcp: it reads its own body, against the caller's upload cap (mcp/mcp-request-limits.ts).
  const jsonBody = json({ limit: '1mb' });
  app.use((req: Request, res: Response, next: NextFunction) => (req.path === MCP_PATH ? next() : jsonBody(req, res, next)));
  // The HTML pages' forms (signed-link pages and the dashboard); nowhere else takes a form body.
  app.use([VERIFY_PATH, APPROVE_KEY_PATH, ...DASHBOARD_FORM_PATHS], urlencoded({ extended: false, limit: '8kb' }));
  app.use('/v1/keys', countUnparsedKeyCreations(app.get(RateLimiter)));
  app.useGlobalFilters(new ApiExceptionFilter(describeUnreachableDependency));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // No enableShutdownHooks: main.ts drains in-flight requests on a signal before closing (graceful-shutdown.ts).
  app.get(ApiDocuments).publish(buildOpenApiDocument(app, config));
  return app;
}
