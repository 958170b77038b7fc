import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-schema';

const HTML = { 'text/html': { schema: { type: 'string' } } };

/** Other HTML pages an operation answers, by status (e.g. `{ 404: 'HTML page: the request no longer waits' }`). */
type OtherPages = Record<number, string>;

const otherPages = (pages: OtherPages) => Object.entries(pages).map(([status, description]) => ApiResponse({ status: Number(status), description, content: HTML }));

/** What a page's form did, which the page shows after the form's 303 (`&done=…`). */
type Done = { enum: string[]; description: string };

/** How the OpenAPI document describes a page behind a signed link (`?t&exp&sig`): HTML, or a 403 page. */
export const ApiSignedLinkPage = (summary: string, pages: OtherPages = {}, done?: Done) =>
  applyDecorators(
    ...otherPages(pages),
    ApiOperation({ summary }),
    ApiQuery({ name: 't', required: true }),
    ApiQuery({ name: 'exp', required: true }),
    ApiQuery({ name: 'sig', required: true }),
    ...(done ? [ApiQuery({ name: 'done', required: false, enum: done.enum, description: done.description })] : []),
    ApiOkResponse({ description: 'HTML page', content: HTML }),
    ApiForbiddenResponse({ description: 'HTML page: link expired or altered', content: HTML }),
    ApiErrors(),
  );

/**
 * A form of such a page (Approve, Deny, Revoke): it posts the page's signed link back as `t`, `exp` and
 * `sig`, which is its only credential, plus the fields named here. Once done, answers 303 to the page
 * (Post/Redirect/Get); a refusal answers an HTML page.
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
    ApiResponse({
      status: 303,
      description: 'Done: to the page of the same link, which says what was done (a reload shows that page again, it does not post the form again)',
      headers: { Location: { description: 'The page: the signed link plus `done`', schema: { type: 'string' } } },
    }),
    ApiForbiddenResponse({ description: 'HTML page: link expired, altered or of another kind', content: HTML }),
    ApiErrors(),
  );
