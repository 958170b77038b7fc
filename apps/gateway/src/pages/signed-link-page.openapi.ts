import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';

const HTML = { 'text/html': { schema: { type: 'string' } } };

/** Other HTML pages an operation answers, by status (e.g. `{ 404: 'HTML page: the request no longer waits' }`). */
type OtherPages = Record<number, string>;

const otherPages = (pages: OtherPages) => Object.entries(pages).map(([status, description]) => ApiResponse({ status: Number(status), description, content: HTML }));

/** How the OpenAPI document describes a page behind a signed link (`?t&exp&sig`): HTML, or a 403 page. */
export const ApiSignedLinkPage = (summary: string, pages: OtherPages = {}) =>
  applyDecorators(
    ...otherPages(pages),
    ApiOperation({ summary }),
    ApiQuery({ name: 't', required: true }),
    ApiQuery({ name: 'exp', required: true }),
    ApiQuery({ name: 'sig', required: true }),
    ApiOkResponse({ description: 'HTML page', content: HTML }),
    ApiForbiddenResponse({ description: 'HTML page: link expired or altered', content: HTML }),
    ApiErrors(),
  );

/**
 * A form of such a page (Approve, Deny, Revoke): it posts the page's signed link back as `t`, `exp` and
 * `sig`, which is its only credential, plus the fields named here. Answers an HTML page.
 */
export const ApiSignedLinkForm = (summary: string, fields: Record<string, { enum?: string[]; description: string; optional?: boolean }>, pages: OtherPages = {}) =>
  applyDecorators(
    ...otherPages(pages),
    ApiOperation({ summary }),
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['t', 'exp', 'sig', ...Object.keys(fields).filter((name) => !fields[name].optional)],
        properties: {
          t: { type: 'string', description: 'The signed link’s token' },
          exp: { type: 'string', description: 'The signed link’s expiry (Unix seconds)' },
          sig: { type: 'string', description: 'The signed link’s signature' },
          ...Object.fromEntries(Object.entries(fields).map(([name, { optional: _optional, ...field }]) => [name, { type: 'string', ...field }])),
        },
      },
    }),
    ApiOkResponse({ description: 'HTML page: what was done', content: HTML }),
    ApiForbiddenResponse({ description: 'HTML page: link expired, altered or of another kind', content: HTML }),
    ApiErrors(),
  );
