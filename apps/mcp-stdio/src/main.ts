import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createImgproMcpServer } from '@app/mcp';
import { httpRestCall } from './http-rest-call';

/** `npm run mcp`: the MCP tools over stdio, calling the REST API of IMGPRO_API_URL. stdout carries only the protocol. */
async function main(): Promise<void> {
  const apiUrl = process.env.IMGPRO_API_URL || 'http://localhost:3000';
  const apiKey = process.env.IMGPRO_API_KEY || undefined;
  const server = createImgproMcpServer({
    call: httpRestCall(apiUrl, apiKey),
    guide: async () => (await fetch(new URL('/llms-full.txt', apiUrl))).text(),
    allowFilePath: true,
  });
  await server.connect(new StdioServerTransport());
  process.stderr.write(`imgpro MCP server on stdio, API ${apiUrl}${apiKey ? ' with a key' : ' anonymously'}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`imgpro MCP server failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
