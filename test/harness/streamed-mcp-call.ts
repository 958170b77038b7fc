import * as http from 'http';
import { Readable } from 'stream';

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
export function streamedMcpUpload(baseUrl: string, options: StreamedMcpCallOptions): Promise<StreamedMcpAnswer> {
  const head = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"upload_image","arguments":{"filename":"big.png","data_base64":"');
  const tail = Buffer.from('"}}}');
  const filler = Buffer.alloc(CHUNK, 'A');
  async function* body() {
    yield head;
    for (let sent = 0; sent < options.base64Chars; sent += CHUNK) yield filler.subarray(0, Math.min(CHUNK, options.base64Chars - sent));
    yield tail;
  }
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...options.headers,
    ...(options.chunked ? {} : { 'content-length': head.length + options.base64Chars + tail.length }),
  };
  return new Promise((resolve, reject) => {
    const outgoing = http.request(new URL('/mcp', baseUrl), { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode!, body: JSON.parse(text) });
        } catch {
          resolve({ status: response.statusCode!, body: text });
        }
      });
    });
    // Once the server answers and closes, writing the rest fails: that is expected, the answer decides.
    outgoing.on('error', reject);
    const source = Readable.from(body());
    source.on('error', () => undefined);
    source.pipe(outgoing);
    outgoing.on('response', () => outgoing.on('error', () => undefined).off('error', reject));
  });
}
