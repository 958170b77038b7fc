import { Controller, Get, Header, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { notFound } from '@app/errors';
import { ApiErrors } from '../openapi/error-schema';
import { sendHashedPage } from '../pages/hashed-page';
import { sendHtmlDocument } from '../pages/html-page';
import { ApiDocuments } from './api-documents';
import { llmsFullText, llmsText } from './llms-text';
import { quickStartPage } from './quick-start-page';
import { sendObject } from '../delivery/send-object';
import { ApiRangeAndConditionalResponses } from '../delivery/send-object.openapi';
import { DOCS_DOCUMENT, SWAGGER_UI_INIT, SWAGGER_UI_STORE, swaggerUiAsset } from './swagger-ui-assets';
import { Public } from '../auth/route-access';

const TEXT = 'text/plain; charset=utf-8';
const textResponse = (description: string) => ApiOkResponse({ description, content: { 'text/plain': { schema: { type: 'string' } } } });
const htmlResponse = (description: string) => ApiOkResponse({ description, content: { 'text/html': { schema: { type: 'string' } } } });

/** The service's own documents, all generated from the code and tables it runs on. */
@ApiTags('documents')
@Controller()
@Public()
export class DocumentsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly documents: ApiDocuments,
  ) {}

  @Get('openapi.json')
  @ApiOperation({ summary: 'This OpenAPI document' })
  @ApiOkResponse({ description: 'OpenAPI 3 document', content: { 'application/json': { schema: { type: 'object' } } } })
  @ApiErrors()
  openApi() {
    return this.documents.openApi;
  }

  @Get('docs')
  @ApiOperation({ summary: 'The API reference (Swagger UI on /openapi.json)' })
  @htmlResponse('HTML page')
  @ApiErrors()
  docs(@Res() res: Response): void {
    sendHtmlDocument(res, 200, DOCS_DOCUMENT);
  }

  @Get('docs/:asset')
  @ApiOperation({ summary: 'A static file of the API reference page' })
  @ApiParam({ name: 'asset', example: 'swagger-ui.css' })
  @ApiProduces('text/css', 'text/javascript', 'image/png')
  @ApiOkResponse({ description: 'The file, with ETag and Cache-Control' })
  @ApiRangeAndConditionalResponses()
  @ApiErrors('not_found')
  async docsAsset(@Param('asset') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (name === 'swagger-ui-init.js') {
      res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'public, max-age=86400' });
      res.type('text/javascript; charset=utf-8').send(SWAGGER_UI_INIT);
      return;
    }
    const asset = swaggerUiAsset(name);
    if (!asset || !(await sendObject(SWAGGER_UI_STORE, req, res, await asset))) throw notFound('Not found');
  }

  @Get('llms.txt')
  @Header('Content-Type', TEXT)
  @ApiOperation({ summary: 'How to use this API, for AI agents' })
  @textResponse('Plain text')
  @ApiErrors()
  llms(): string {
    return llmsText(this.config);
  }

  @Get('llms-full.txt')
  @Header('Content-Type', TEXT)
  @ApiOperation({ summary: 'llms.txt plus every endpoint and an example of every error' })
  @textResponse('Plain text')
  @ApiErrors()
  llmsFull(): string {
    return llmsFullText(this.config, this.documents.openApi);
  }

  @Get('api/quick-start')
  @ApiOperation({ summary: 'Quick start for humans (where the anonymous rate limit points)' })
  @htmlResponse('HTML page')
  @ApiErrors()
  quickStart(@Res() res: Response): void {
    sendHashedPage(res, 200, quickStartPage(this.config));
  }
}
