import request from 'supertest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startKeyedService, TestService } from '../harness/test-service';
import { createKey, uniqueEmail, upload } from '../harness/api-client';
import { approveInDatabase, sql } from '../harness/sql';
import { rasterImage } from '../fixtures/images';
import '../harness/contract/check-supertest';

const MB = 1024 * 1024;

/** Signed links count their expiry from the second they were written: two answers a second apart differ there only. */
const unsigned = (text: unknown) => String(text).replace(/exp=\d+&sig=[\w-]+/g, 'exp=…&sig=…');

describe('POST /mcp: the MCP tools over Streamable HTTP', () => {
  let service: TestService;
  let key: string;

  beforeAll(async () => {
    // A 1 MB anonymous cap keeps the over-cap body small: its /mcp limit is 1 MB × 4/3 + 1 MB.
    ({ service, key } = await startKeyedService({ workers: 1, env: { ANONYMOUS_MAX_MB: '1' } }));
  });
  afterAll(() => service.stop());

  async function connect(apiKey?: string): Promise<Client> {
    const client = new Client({ name: 'mcp-e2e', version: '1.0.0' });
    const headers: Record<string, string> = apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', service.baseUrl), { requestInit: { headers } }));
    return client;
  }

  async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    // The text is always the same JSON as structuredContent.
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
    return result;
  }

  it('lists the tools with their annotations and the agent guide', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(Object.keys(byName).sort()).toEqual(['create_key', 'delete_media', 'get_media', 'get_usage', 'import_image', 'list_media', 'update_media', 'upload_image']);
    expect(byName.list_media.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.delete_media.annotations).toMatchObject({ destructiveHint: true, idempotentHint: true });
    expect(byName.upload_image.inputSchema.properties).toHaveProperty('data_base64');
    expect(byName.upload_image.inputSchema.properties).not.toHaveProperty('file_path');
    expect(byName.list_media.inputSchema.properties).toHaveProperty('sha256');

    const guide = await client.readResource({ uri: 'imgpro://docs/llms-full.txt' });
    const rest = await request(service.baseUrl).get('/llms-full.txt');
    expect(guide.contents[0]).toMatchObject({ uri: 'imgpro://docs/llms-full.txt' });
    expect(unsigned((guide.contents[0] as { text: string }).text)).toEqual(unsigned(rest.text));
    await client.close();
  });

  it('uploads, reads, lists, updates and deletes as REST does', async () => {
    const client = await connect(key);
    const png = await rasterImage('png', 16, 12);
    const uploaded = await call(client, 'upload_image', { data_base64: png.toString('base64'), filename: 'dot.png', tags: ['mcp', 'Test'] });
    expect(uploaded.isError).toBeUndefined();
    const media = uploaded.structuredContent as Record<string, unknown>;
    expect(media).toMatchObject({ id: expect.stringMatching(/^[a-z0-9]{8}$/), name: 'dot.png', width: 16, height: 12, format: 'png', filesize: png.length, tags: ['mcp', 'test'] });

    const rest = await request(service.baseUrl).get(`/v1/media/${media.id}`).set('Authorization', `Bearer ${key}`);
    expect((await call(client, 'get_media', { id: media.id })).structuredContent).toEqual(rest.body);

    const listed = (await call(client, 'list_media', { limit: 10, tags: 'mcp' })).structuredContent as { data: { id: string }[] };
    expect(listed.data.map((item) => item.id)).toEqual([media.id]);
    const bySha = (await call(client, 'list_media', { sha256: media.sha256 })).structuredContent as { data: { id: string }[] };
    expect(bySha.data.map((item) => item.id)).toEqual([media.id]);
    const badSha = await call(client, 'list_media', { sha256: 'ABC' });
    expect(badSha).toMatchObject({ isError: true, structuredContent: { error: 'validation_error', errors: { sha256: ['Must be 64 lowercase hexadecimal characters'] } } });

    const updated = await call(client, 'update_media', { id: media.id, description: 'from an agent', public: false });
    expect(updated.structuredContent).toMatchObject({ id: media.id, description: 'from an agent', public: false });

    expect((await call(client, 'delete_media', { id: media.id })).structuredContent).toEqual({ success: true, id: media.id });
    const gone = await call(client, 'get_media', { id: media.id });
    expect(gone).toMatchObject({ isError: true, structuredContent: { error: 'not_found', message: 'Media not found' } });
    await client.close();
  });

  it('passes idempotency_key as Idempotency-Key: a retried upload answers the first media', async () => {
    const client = await connect(key);
    const args = { data_base64: (await rasterImage('png', 8, 8)).toString('base64'), filename: 'retry.png', idempotency_key: `mcp-${Date.now()}` };
    const first = await call(client, 'upload_image', args);
    const retry = await call(client, 'upload_image', args);
    expect(first.isError).toBeUndefined();
    expect(retry.structuredContent).toEqual(first.structuredContent);
    await client.close();
  });

  it('answers get_usage and create_key with the REST bodies', async () => {
    const client = await connect(key);
    const usage = await call(client, 'get_usage');
    const rest = await request(service.baseUrl).get('/v1/usage').set('Authorization', `Bearer ${key}`);
    expect(usage.structuredContent).toEqual(rest.body);

    const created = await call(client, 'create_key', { email: uniqueEmail(), name: 'agent' });
    expect(created.structuredContent).toMatchObject({ key: expect.stringMatching(/^img_live_/), status: 'active' });
    await client.close();
  });

  it('answers errors with isError and the exact REST body', async () => {
    const anonymous = await connect();
    const unauthorized = await call(anonymous, 'list_media');
    const restUnauthorized = await request(service.baseUrl).get('/v1/media');
    expect(unauthorized).toMatchObject({ isError: true, structuredContent: restUnauthorized.body });
    expect(restUnauthorized.body).toMatchObject({ error: 'unauthorized' });
    await anonymous.close();

    const keyed = await connect((await createKey(service.baseUrl)).key);
    const invalid = await call(keyed, 'update_media', { id: 'abcdefgh', namespace: 'Not Valid!' });
    expect(invalid).toMatchObject({
      isError: true,
      structuredContent: { error: 'validation_error', message: 'Validation failed', errors: { namespace: ['Must be lowercase alphanumeric with hyphens'] } },
    });
    const missingFile = await call(keyed, 'upload_image', { filename: 'nothing.png' });
    expect(missingFile).toMatchObject({ isError: true, structuredContent: { error: 'validation_error', errors: { file: ['File is required'] } } });
    await keyed.close();
  });

  it('answers quota_exceeded with its verify action and usage, as the REST upload does', async () => {
    const owner = await createKey(service.baseUrl);
    await sql(
      `INSERT INTO usage_months (account_id, month, uploads_used)
       SELECT id, $2, 100000 FROM accounts WHERE email = $1
       ON CONFLICT (account_id, month) DO UPDATE SET uploads_used = 100000`,
      [owner.email, new Date().toISOString().slice(0, 8) + '01'],
    );
    const png = await rasterImage('png', 8, 8);
    const rest = await upload(service.baseUrl, png, 'full.png', owner.key);
    expect(rest.status).toBe(403);
    expect(rest.body).toMatchObject({ error: 'quota_exceeded', action: { type: 'verify' }, usage: expect.any(Object) });

    const client = await connect(owner.key);
    const refused = await call(client, 'upload_image', { data_base64: png.toString('base64'), filename: 'full.png' });
    expect(refused.isError).toBe(true);
    expect(unsigned(JSON.stringify(refused.structuredContent))).toEqual(unsigned(JSON.stringify(rest.body)));
    await client.close();
  });

  /** Sets this month's uploads of `email`'s account to `uploads`. */
  async function useUp(email: string, uploads: number): Promise<void> {
    await sql(
      `INSERT INTO usage_months (account_id, month, uploads_used)
       SELECT id, $2, $3 FROM accounts WHERE email = $1
       ON CONFLICT (account_id, month) DO UPDATE SET uploads_used = $3`,
      [email, new Date().toISOString().slice(0, 8) + '01', uploads],
    );
  }

  it('answers quota_exceeded with the upgrade action to a verified account and redirect on the top plan, as REST does', async () => {
    const png = await rasterImage('png', 8, 8);
    const verified = await createKey(service.baseUrl);
    await sql('UPDATE accounts SET verified = true WHERE email = $1', [verified.email]);
    await useUp(verified.email, 100);
    const restUpgrade = await upload(service.baseUrl, png, 'over.png', verified.key);
    expect(restUpgrade.body).toMatchObject({ error: 'quota_exceeded', action: { type: 'upgrade', url: expect.any(String) }, usage: { uploads_used: 100 } });
    const client = await connect(verified.key);
    const upgrade = await call(client, 'upload_image', { data_base64: png.toString('base64'), filename: 'over.png' });
    expect(upgrade.isError).toBe(true);
    expect(unsigned(JSON.stringify(upgrade.structuredContent))).toEqual(unsigned(JSON.stringify(restUpgrade.body)));
    await client.close();

    const top = await createKey(service.baseUrl);
    await sql(`UPDATE accounts SET verified = true, plan = 'pro' WHERE email = $1`, [top.email]);
    await useUp(top.email, 1000);
    const source = { url: 'https://example.com/a.png' };
    const restRedirect = await request(service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${top.key}`).send(source);
    expect(restRedirect.body).toMatchObject({ error: 'quota_exceeded', action: { type: 'redirect', url: expect.any(String) } });
    const topClient = await connect(top.key);
    expect(await call(topClient, 'import_image', source)).toMatchObject({ isError: true, structuredContent: restRedirect.body });
    await topClient.close();
  });

  it('answers key_limit_reached to a 4th active key of an unverified account, as REST does', async () => {
    const first = await createKey(service.baseUrl);
    for (let i = 0; i < 2; i++) await approveInDatabase((await createKey(service.baseUrl, first.email)).keyId);
    const rest = await request(service.baseUrl).post('/v1/keys').send({ email: first.email });
    expect(rest.body).toMatchObject({ error: 'key_limit_reached', action: { type: 'verify' } });

    const client = await connect();
    const refused = await call(client, 'create_key', { email: first.email });
    expect(refused.isError).toBe(true);
    expect(unsigned(JSON.stringify(refused.structuredContent))).toEqual(unsigned(JSON.stringify(rest.body)));
    await client.close();
  });

  it('answers forbidden to a read-only key calling update_media, as REST does', async () => {
    const owner = await createKey(service.baseUrl);
    const readOnly = await createKey(service.baseUrl, owner.email);
    // The owner approves the second key, read-only.
    await sql(`UPDATE api_keys SET abilities = '{read}', status = 'active' WHERE id = $1`, [readOnly.keyId]);
    const media = await upload(service.baseUrl, await rasterImage('png', 8, 8), 'mine.png', owner.key);
    const rest = await request(service.baseUrl).patch(`/v1/media/${media.body.id}`).set('Authorization', `Bearer ${readOnly.key}`).send({ name: 'x' });
    expect(rest.body).toEqual({ error: 'forbidden', message: 'Insufficient permissions' });

    const client = await connect(readOnly.key);
    expect(await call(client, 'update_media', { id: media.body.id, name: 'x' })).toMatchObject({ isError: true, structuredContent: rest.body });
    expect((await call(client, 'get_media', { id: media.body.id })).isError).toBeUndefined();
    await client.close();
  });

  it('refuses a pending key (a second key awaiting the owner) at /mcp itself with the REST 403', async () => {
    const owner = await createKey(service.baseUrl);
    const pending = await createKey(service.baseUrl, owner.email);
    const rest = await request(service.baseUrl).get('/v1/usage').set('Authorization', `Bearer ${pending.key}`);
    expect(rest.status).toBe(403);
    expect(rest.body).toMatchObject({ error: 'forbidden' });
    const response = await request(service.baseUrl)
      .post('/mcp')
      .set('Authorization', `Bearer ${pending.key}`)
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_usage', arguments: {} } });
    expect(response.status).toBe(403);
    expect(response.body).toEqual(rest.body);
  });

  it('answers upload_failed and fetch_failed from the workers as the REST routes do', async () => {
    const client = await connect(key);
    const corrupt = await call(client, 'upload_image', { data_base64: Buffer.from('not an image at all').toString('base64'), filename: 'fake.png' });
    expect(corrupt).toMatchObject({ isError: true, structuredContent: { error: 'upload_failed' } });

    // A loopback address is refused at connect time (SPEC §3).
    const refused = await call(client, 'import_image', { url: 'http://127.0.0.1:9/cat.png' });
    const rest = await request(service.baseUrl).post('/v1/import').set('Authorization', `Bearer ${key}`).send({ url: 'http://127.0.0.1:9/cat.png' });
    expect(rest.body).toMatchObject({ error: 'fetch_failed' });
    expect(refused).toMatchObject({ isError: true, structuredContent: rest.body });
    await client.close();
  });

  it('answers rate_limited with a wait action once key creation passes its limit', async () => {
    const client = await connect();
    const email = uniqueEmail();
    let last: CallToolResult | undefined;
    for (let attempt = 0; attempt < 10 && !last?.isError; attempt++) last = await call(client, 'create_key', { email });
    expect(last).toMatchObject({ isError: true, structuredContent: { error: 'rate_limited', action: { type: 'wait', seconds: expect.any(Number) } } });
    await client.close();
  });

  it('refuses a wrong key at /mcp itself with 401, never falling back to anonymous', async () => {
    const response = await request(service.baseUrl)
      .post('/mcp')
      .set('Authorization', 'Bearer img_live_not-a-real-key-0000000000000000')
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'unauthorized', message: 'Invalid or missing API key' });
  });

  it('refuses a foreign Origin with 403 forbidden', async () => {
    const response = await request(service.baseUrl)
      .post('/mcp')
      .set('Origin', 'https://evil.example')
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ error: 'forbidden', message: 'Origin not allowed' });
  });

  it('refuses a body over the caller\'s cap × 4/3 + 1 MB before parsing it, declared or streamed', async () => {
    const tooLarge = { error: 'upload_failed', message: expect.stringMatching(/^File too large: \d+\.\d\d MB\. Maximum file size is 1 MB\.$/) };
    // Not even JSON: a parsed body would be answered with a JSON-RPC parse error instead.
    const body = Buffer.alloc(3 * MB, 'x');
    const declared = await fetch(new URL('/mcp', service.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body,
    });
    expect(declared.status).toBe(500);
    expect(await declared.json()).toEqual(tooLarge);

    const streamed = await fetch(new URL('/mcp', service.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(500);
    expect(await streamed.json()).toEqual(tooLarge);
  });
});
