import { rawPost } from './raw-post';

export interface StreamedMcpCallOptions {
  /** Characters of `data_base64` (generated as it is sent, never held by the test). */
  base64Chars: number;
  /** Send with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked: boolean;
  headers?: Record<string, string>;
}

export interface StreamedMcpAnswer {
  status: number;
  body: unknown;
}

const CHUNK = 64 * 1024;

/**
 * POSTs a JSON-RPC `tools/call` of `upload_image` to /mcp whose `data_base64` is `base64Chars` of "A",
 * produced chunk by chunk as the server takes them; resolves with the answer, which may come before the
 * whole body was sent (a refusal), in which case the rest is not sent.
 */
export async function streamedMcpUpload(baseUrl: string, options: StreamedMcpCallOptions): Promise<StreamedMcpAnswer> {
  const head = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"upload_image","arguments":{"filename":"big.png","data_base64":"');
  const tail = Buffer.from('"}}}');
  const filler = Buffer.alloc(CHUNK, 'A');
  function* body() {
    yield head;
    for (let sent = 0; sent < options.base64Chars; sent += CHUNK) yield filler.subarray(0, Math.min(CHUNK, options.base64Chars - sent));
    yield tail;
  }
  const { status, body: answer } = await rawPost(baseUrl, {
    path: '/mcp',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...options.headers },
    contentLength: options.chunked ? undefined : head.length + options.base64Chars + tail.length,
    body: body(),
  });
  return { status, body: answer };
}
