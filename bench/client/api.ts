import type { Readable } from 'stream';
import { expectStatus, HttpResult, send } from './http';
import { multipartFrame } from './multipart';

let keyCount = 0;

/** A new account and its key through POST /v1/keys, as a new user gets one. */
export async function createAccountKey(baseUrl: string): Promise<{ key: string; keyId: string }> {
  const body = JSON.stringify({ email: `bench-${process.pid}-${Date.now()}-${keyCount++}@example.com` });
  const result = await send(`${baseUrl}/v1/keys`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (req) =>
    req.end(body),
  );
  expectStatus(result, 201, 'POST /v1/keys');
  const parsed = JSON.parse(result.body) as { key: string; key_id: string };
  return { key: parsed.key, keyId: parsed.key_id };
}

export async function createKey(baseUrl: string): Promise<string> {
  return (await createAccountKey(baseUrl)).key;
}

/** A keyed GET that fails after `timeoutMs` rather than waiting for ever. */
export function get(baseUrl: string, pathAndQuery: string, key: string, timeoutMs = 30_000): Promise<HttpResult> {
  return send(`${baseUrl}${pathAndQuery}`, { method: 'GET', headers: { Authorization: `Bearer ${key}` } }, (req) => {
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${pathAndQuery}: no answer within ${timeoutMs} ms`)));
    req.end();
  });
}

/** A keyed DELETE of one media. */
export function deleteMedia(baseUrl: string, key: string, mediaId: string): Promise<HttpResult> {
  return send(`${baseUrl}/v1/media/${mediaId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${key}` } }, (req) => req.end());
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
