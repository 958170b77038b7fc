import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';
import { ErrorCode, PROTOCOL_FAILURE_STATUSES } from '@app/errors';
import { errorExamples } from '../documents/error-examples';
import { ERROR_CODES_EXTENSION, ErrorActionSchema, ErrorBodySchema, ErrorUsageSchema } from './error-schema';

export const KEY_AUTH = 'key';
export const ADMIN_AUTH = 'admin';

/** `/openapi.json`: read from the controllers' decorators, with the error responses made from the catalogue. */
export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const options = new DocumentBuilder()
    .setTitle('img.pro-compatible media API')
    .setDescription(
      `Image hosting: create a key, upload or import images, manage them, deliver them in any size and format.\n\n` +
        `Hosts: the API at ${config.apiBaseUrl}, viewer pages and quick start at ${config.webBaseUrl}, images at ${config.srcBaseUrl}.\n\n` +
        'Every error answers the same shape (ErrorBody) with a machine-readable `error` code and, on some, an `action` to follow.\n\n' +
        `Any operation may also answer a request the HTTP server refuses before any route runs (${PROTOCOL_FAILURE_STATUSES.join(', ')}: ` +
        'malformed, too slow, headers too large, an unsupported `Expect`) as `validation_error` in that shape, keeping the status HTTP prescribes.',
    )
    .setVersion('1')
    .addServer(config.apiBaseUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: `img_live_…`' }, KEY_AUTH)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The operators’ ADMIN_TOKEN' }, ADMIN_AUTH)
    .build();
  const document = SwaggerModule.createDocument(app, options, {
    extraModels: [ErrorBodySchema, ErrorActionSchema, ErrorUsageSchema],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    // Tags are named where the operation is described; an extra one made from the controller's class name
    // lists the operation twice in /docs.
    autoTagControllers: false,
  });
  addErrorResponses(document, config);
  return document;
}

/** Turns each operation's error codes into responses by status, with the service's own example bodies. */
function addErrorResponses(document: OpenAPIObject, config: AppConfig): void {
  const examples = errorExamples(config);
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      const codes = (operation as Record<string, unknown>)?.[ERROR_CODES_EXTENSION] as ErrorCode[] | undefined;
      if (!codes) continue;
      for (const code of withPendingKeyRefusal(codes)) {
        examples[code].forEach((example, index) => {
          const status = String(example.status);
          const response = (operation.responses[status] ??= {
            description: '',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodySchema' }, examples: {} } },
          });
          response.content['application/json'].examples[index ? `${code}_${index + 1}` : code] = { summary: `${code}: ${example.summary}`, value: example.body };
          response.description = [...new Set([...response.description.split(', ').filter(Boolean), code])].join(', ');
          if (code === 'rate_limited') response.headers = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };
        });
      }
    }
  }
}

/** Wherever a key is read (the route can answer `unauthorized`), a pending key is refused with 403 `forbidden`, whatever the route. */
function withPendingKeyRefusal(codes: ErrorCode[]): ErrorCode[] {
  return codes.includes('unauthorized') && !codes.includes('forbidden') ? [...codes, 'forbidden'] : codes;
}
