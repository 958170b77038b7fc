import { readFile } from 'fs/promises';
import { basename } from 'path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { RestCall, RestRequest } from './rest-call';
import { toolResult } from './tool-result';
import type { UploadForm } from './upload-form';
import { CREATE_KEY_INPUT, FILE_PATH_INPUT, IMPORT_INPUT, LIST_INPUT, MEDIA_ID_INPUT, UPDATE_INPUT, UPLOAD_INPUT } from './tool-inputs';

type Args = Record<string, unknown>;

export interface ToolOptions {
  /** `upload_image` may read `file_path` from this machine's disk: the stdio server only. */
  allowFilePath: boolean;
}

const ERRORS_NOTE =
  'On failure the result has isError and the API\'s error body {error, message, action?, usage?}: follow `action` ' +
  '(verify/upgrade: give the link to the user; wait: retry after `seconds`; redirect: open `url`).';

/** The SPEC §8 tools; each makes one REST call and answers its body. */
export function registerImgproTools(server: McpServer, call: RestCall, options: ToolOptions): void {
  const answer = async (request: RestRequest): Promise<CallToolResult> => toolResult(await call(request));

  server.registerTool('create_key', {
    description: `Create an API key for an email (POST /v1/keys). The answer holds the secret key once; send it as Bearer. ${ERRORS_NOTE}`,
    inputSchema: CREATE_KEY_INPUT,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  }, (args) => answer({ method: 'POST', path: '/v1/keys', json: args }));

  server.registerTool('upload_image', {
    description: `Upload an image (POST /v1/upload), key optional; answers the media object (url, src, …). ${ERRORS_NOTE}`,
    inputSchema: options.allowFilePath ? { ...UPLOAD_INPUT, ...FILE_PATH_INPUT } : UPLOAD_INPUT,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  }, async ({ idempotency_key: key, ...args }) => answer({ method: 'POST', path: '/v1/upload', upload: await uploadForm(args, options), headers: idempotencyHeader(key) }));

  server.registerTool('import_image', {
    description: `Import an image from a public URL (POST /v1/import), key optional; answers the media object. ${ERRORS_NOTE}`,
    inputSchema: IMPORT_INPUT,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  }, ({ idempotency_key: key, ...args }) => answer({ method: 'POST', path: '/v1/import', json: args, headers: idempotencyHeader(key) }));

  server.registerTool('list_media', {
    description: `List your media, newest first (GET /v1/media; key with read). Pass pagination.next_cursor as cursor for the next page. ${ERRORS_NOTE}`,
    inputSchema: LIST_INPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, (args) => answer({ method: 'GET', path: `/v1/media${queryString(args)}` }));

  server.registerTool('get_media', {
    description: `One media object (GET /v1/media/{id}); public media to anyone, private only to its owner. ${ERRORS_NOTE}`,
    inputSchema: MEDIA_ID_INPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, ({ id }) => answer({ method: 'GET', path: mediaPath(id) }));

  server.registerTool('update_media', {
    description: `Change a media's metadata (PATCH /v1/media/{id}; key with write); answers the media object. ${ERRORS_NOTE}`,
    inputSchema: UPDATE_INPUT,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  }, ({ id, ...fields }) => answer({ method: 'PATCH', path: mediaPath(id), json: fields }));

  server.registerTool('delete_media', {
    description: `Delete a media and every stored file of it (DELETE /v1/media/{id}; key with write). ${ERRORS_NOTE}`,
    inputSchema: MEDIA_ID_INPUT,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  }, ({ id }) => answer({ method: 'DELETE', path: mediaPath(id) }));

  server.registerTool('get_usage', {
    description: `The account's plan, uploads used of the monthly limit and storage (GET /v1/usage; key required). ${ERRORS_NOTE}`,
    inputSchema: {},
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, () => answer({ method: 'GET', path: '/v1/usage' }));
}

function idempotencyHeader(key: string | undefined): Record<string, string> {
  return key === undefined ? {} : { 'idempotency-key': key };
}

function mediaPath(id: string): string {
  return `/v1/media/${encodeURIComponent(id)}`;
}

function queryString(args: Args): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(args)) {
    if (value !== undefined) query.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The multipart form of an upload: the file (when given; REST answers a missing one) and the fields as REST reads them. */
async function uploadForm(args: Args, options: ToolOptions): Promise<UploadForm> {
  const { data_base64: data, filename, file_path: filePath, ...given } = args;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined) fields[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  // The base64 text is decoded only as the body is sent, so the file's bytes are never held whole.
  if (typeof data === 'string') return { fields, file: { filename: typeof filename === 'string' ? filename : 'image', base64: data } };
  if (options.allowFilePath && typeof filePath === 'string') {
    return { fields, file: { filename: typeof filename === 'string' ? filename : basename(filePath), bytes: await readFile(filePath) } };
  }
  return { fields };
}
