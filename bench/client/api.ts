import type { Readable } from 'stream';
import { expectStatus, HttpResult, send } from './http';
import { multipartFrame } from './multipart';

export async function createKey(baseUrl: string): Promise<string> {
  const body = JSON.stringify({ email: `bench-${process.pid}-${Date.now()}@example.com` });
  const result = await send(`${baseUrl}/v1/keys`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (req) =>
    req.end(body),
  );
  expectStatus(result, 201, 'POST /v1/keys');
  return JSON.parse(result.body).key as string;
}

export interface UploadFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** A keyed multipart upload of a file held in memory (written as head, file, tail: no copy). */
export function upload(baseUrl: string, key: string, file: UploadFile): Promise<HttpResult> {
  const frame = multipartFrame(file.name, file.contentType);
  const headers = { Authorization: `Bearer ${key}`, 'Content-Type': frame.contentType, 'Content-Length': frame.length(file.bytes.length) };
  return send(`${baseUrl}/v1/upload`, { method: 'POST', headers }, (req) => {
    req.write(frame.head);
    req.write(file.bytes);
    req.end(frame.tail);
  });
}

/** A keyed multipart upload whose file part is a stream of `fileBytes` bytes, never held whole. */
export function uploadStream(baseUrl: string, key: string, name: string, body: Readable, fileBytes: number): Promise<HttpResult> {
  const frame = multipartFrame(name, 'image/jpeg');
  const headers = { Authorization: `Bearer ${key}`, 'Content-Type': frame.contentType, 'Content-Length': frame.length(fileBytes) };
  return send(`${baseUrl}/v1/upload`, { method: 'POST', headers }, (req) => {
    req.write(frame.head);
    // pipe() honours back-pressure; end: false so the closing boundary can follow the file.
    body.pipe(req, { end: false });
    body.once('end', () => req.end(frame.tail));
    body.once('error', (error) => req.destroy(error));
  });
}

export function importUrl(baseUrl: string, key: string, url: string): Promise<HttpResult> {
  const body = JSON.stringify({ url });
  const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
  return send(`${baseUrl}/v1/import`, { method: 'POST', headers }, (req) => req.end(body));
}

export { expectStatus };
