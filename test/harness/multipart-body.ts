import * as http from 'http';

/** The boundary the raw multipart bodies below use. */
export const BOUNDARY = 'X';

/** A file part with the given filename, declared image/jpeg, holding `content`. */
export const filePart = (name = 'a.jpg', content = 'hello') =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n${content}\r\n`;
export const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
export const closing = `--${BOUNDARY}--\r\n`;

export interface RawAnswer {
  status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
}

export interface RawMultipartOptions {
  /** Send it in small chunks (Transfer-Encoding: chunked) rather than whole with a Content-Length. */
  chunked?: boolean;
  /** The Content-Type header; by default multipart/form-data with BOUNDARY. */
  contentType?: string;
  headers?: Record<string, string>;
}

/** POSTs a hand-made body to /v1/upload, for multipart no form library would produce. */
export function sendRawMultipart(baseUrl: string, body: string | Buffer, options: RawMultipartOptions = {}): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/v1/upload',
        headers: {
          'Content-Type': options.contentType ?? `multipart/form-data; boundary=${BOUNDARY}`,
          ...(options.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(bytes.length) }),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: parseJson(text) }));
      },
    );
    req.on('error', reject);
    if (!options.chunked) return req.end(bytes);
    for (let offset = 0; offset < bytes.length; offset += 7) req.write(bytes.subarray(offset, offset + 7));
    req.end();
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
