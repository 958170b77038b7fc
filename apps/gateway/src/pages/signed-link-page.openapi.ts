import { applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';

const HTML = { 'text/html': { schema: { type: 'string' } } };

/** How the OpenAPI document describes a page behind a signed link (`?t&exp&sig`): HTML, or a 403 page. */
export const ApiSignedLinkPage = (summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiQuery({ name: 't', required: true }),
    ApiQuery({ name: 'exp', required: true }),
    ApiQuery({ name: 'sig', required: true }),
    ApiOkResponse({ description: 'HTML page', content: HTML }),
    ApiForbiddenResponse({ description: 'HTML page: link expired or altered', content: HTML }),
    ApiErrors(),
  );
