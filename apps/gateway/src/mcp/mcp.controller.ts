import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { createImgproMcpServer } from '@app/mcp';
import { CurrentCaller } from '../auth/auth.guard';
import type { Caller } from '../auth/caller';
import { Public } from '../auth/route-access';
import { ApiDocuments } from '../documents/api-documents';
import { llmsFullText } from '../documents/llms-text';
import { MediaCreationService } from '../media/media-creation.service';
import { ApiErrors } from '../openapi/error-schema';
import { KEY_AUTH } from '../openapi/openapi-document';
import { inProcessRestCall } from './in-process-rest-call';
import { checkOrigin, readMcpBody } from './mcp-request-limits';

export const MCP_PATH = '/mcp';

const PARSE_ERROR = { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: Invalid JSON' }, id: null };

/** MCP Streamable HTTP (SPEC §8), stateless: one server and transport per request, JSON answers. */
@ApiTags('agents')
@Controller('mcp')
export class McpController {
  private readonly ownOrigins: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly creation: MediaCreationService,
    private readonly documents: ApiDocuments,
  ) {
    this.ownOrigins = new Set([config.apiBaseUrl, config.webBaseUrl].map((url) => new URL(url).origin));
  }

  @Post()
  @ApiOperation({
    summary: 'Model Context Protocol (Streamable HTTP, stateless), key optional',
    description: 'JSON-RPC 2.0 messages of MCP; send `Accept: application/json, text/event-stream`. Tools answer what the REST endpoints answer. The guide is the resource `imgpro://docs/llms-full.txt`.',
  })
  @ApiBearerAuth(KEY_AUTH)
  @ApiBody({ description: 'A JSON-RPC request, notification or batch', schema: { type: 'object' } })
  @ApiOkResponse({ description: 'The JSON-RPC response', content: { 'application/json': { schema: { type: 'object' } } } })
  @ApiErrors('unauthorized', 'forbidden', 'upload_failed')
  @Public({ identifiesCaller: true })
  async handle(@Req() req: Request, @Res() res: Response, @CurrentCaller() caller: Caller): Promise<void> {
    checkOrigin(req, this.ownOrigins);
    const text = await readMcpBody(req, this.creation.maxBytesFor(caller));
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      res.status(400).json(PARSE_ERROR);
      return;
    }
    const server = createImgproMcpServer({
      call: inProcessRestCall(this.adapterHost.httpAdapter.getHttpServer(), req),
      guide: async () => llmsFullText(this.config, this.documents.openApi),
      allowFilePath: false,
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, message);
  }
}
