import { spawn } from 'child_process';
import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import request from 'supertest';
import { createKey } from '../harness/api-client';
import { startKeyedService, TestService } from '../harness/test-service';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const STDIO_SERVER = join(__dirname, '../../dist/apps/mcp-stdio/src/main.js');

describe('npm run mcp: the MCP tools over stdio, calling a running service', () => {
  let service: TestService;
  let key: string;
  let folder: string;

  beforeAll(async () => {
    ({ service, key } = await startKeyedService({ workers: 1 }));
    folder = await mkdtemp(join(tmpdir(), 'mcp-stdio-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await service.stop();
  });

  const env = (apiKey?: string) => ({ PATH: process.env.PATH ?? '', IMGPRO_API_URL: service.baseUrl, ...(apiKey ? { IMGPRO_API_KEY: apiKey } : {}) });

  async function connect(apiKey?: string): Promise<{ client: Client; protocolErrors: Error[] }> {
    const transport = new StdioClientTransport({ command: process.execPath, args: [STDIO_SERVER], env: env(apiKey), stderr: 'pipe' });
    const protocolErrors: Error[] = [];
    const client = new Client({ name: 'mcp-stdio-e2e', version: '1.0.0' });
    // A line on stdout that is not JSON-RPC reaches the client as an error.
    client.onerror = (error) => protocolErrors.push(error);
    await client.connect(transport);
    return { client, protocolErrors };
  }

  it('uploads a file by path, reads and deletes it with the configured key', async () => {
    const { client, protocolErrors } = await connect(key);
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === 'upload_image')?.inputSchema.properties).toHaveProperty('file_path');

    const png = await rasterImage('png', 20, 10);
    const file = join(folder, 'square.png');
    await writeFile(file, png);
    const uploaded = (await client.callTool({ name: 'upload_image', arguments: { file_path: file, tags: 'stdio' } })) as CallToolResult;
    expect(uploaded.isError).toBeUndefined();
    const media = uploaded.structuredContent as { id: string };
    expect(media).toMatchObject({ name: 'square.png', width: 20, height: 10, filesize: png.length, tags: ['stdio'] });

    const read = (await client.callTool({ name: 'get_media', arguments: { id: media.id } })) as CallToolResult;
    expect(read.structuredContent).toMatchObject({ id: media.id });
    const deleted = (await client.callTool({ name: 'delete_media', arguments: { id: media.id } })) as CallToolResult;
    expect(deleted.structuredContent).toEqual({ success: true, id: media.id });
    expect(protocolErrors).toEqual([]);
    await client.close();
  });

  it('answers a REST error as isError with its body', async () => {
    const { client } = await connect();
    const usage = (await client.callTool({ name: 'get_usage', arguments: {} })) as CallToolResult;
    expect(usage).toMatchObject({ isError: true, structuredContent: { error: 'unauthorized', message: 'Invalid or missing API key' } });
    expect(JSON.parse((usage.content[0] as { text: string }).text)).toEqual(usage.structuredContent);
    await client.close();
  });

  it('answers every tool of a pending key (a second key awaiting the owner) with the REST 403 as isError', async () => {
    const { email } = await createKey(service.baseUrl);
    const pending = await createKey(service.baseUrl, email);
    const rest = await request(service.baseUrl).get('/v1/media').set('Authorization', `Bearer ${pending.key}`);
    expect(rest.body).toMatchObject({ error: 'forbidden' });
    const { client } = await connect(pending.key);
    const listed = (await client.callTool({ name: 'list_media', arguments: {} })) as CallToolResult;
    expect(listed).toMatchObject({ isError: true, structuredContent: rest.body });
    await client.close();
  });

  it('writes nothing but JSON-RPC messages on stdout, started as the README says (npm run -s mcp)', async () => {
    const child = spawn('npm', ['run', '-s', 'mcp'], { cwd: join(__dirname, '../..'), env: env(key), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_media', arguments: { limit: 1 } } });
    await new Promise<void>((resolve) => {
      const check = () => (stdout.split('\n').filter(Boolean).length >= 2 ? resolve() : setTimeout(check, 50));
      check();
    });
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));

    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ jsonrpc: '2.0', id: 1, result: expect.objectContaining({ serverInfo: expect.any(Object) }) }),
      expect.objectContaining({ jsonrpc: '2.0', id: 2, result: expect.objectContaining({ structuredContent: expect.objectContaining({ data: expect.any(Array) }) }) }),
    ]);
    // The start-up line went to stderr.
    expect(stderr).toContain('imgpro MCP server on stdio');
  });
});
