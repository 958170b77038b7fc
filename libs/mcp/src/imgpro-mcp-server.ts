import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerImgproTools, ToolOptions } from './imgpro-tools';
import type { RestCall } from './rest-call';

export const AGENT_GUIDE_URI = 'imgpro://docs/llms-full.txt';

export interface ImgproMcpServerOptions extends ToolOptions {
  call: RestCall;
  /** The agent guide (the text of /llms-full.txt). */
  guide: () => Promise<string>;
}

/** The MCP server both transports serve: the SPEC §8 tools and the agent guide as a resource. */
export function createImgproMcpServer(options: ImgproMcpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'imgpro-media-api', version: '0.1.0' },
    { instructions: `Image hosting: upload or import an image and get a public link. The guide is the resource ${AGENT_GUIDE_URI}.` },
  );
  registerImgproTools(server, options.call, options);
  server.registerResource(
    'agent-guide',
    AGENT_GUIDE_URI,
    { title: 'Agent guide', description: 'Every endpoint, error and action of the API (/llms-full.txt)', mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: await options.guide() }] }),
  );
  return server;
}
