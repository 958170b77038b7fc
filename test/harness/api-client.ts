import request from 'supertest';
import { waitUntil } from './eventually';

/** Creates an account + key through the public API and returns the secret. */
export async function createKey(baseUrl: string, email = uniqueEmail()): Promise<{ key: string; keyId: string; email: string }> {
  const response = await request(baseUrl).post('/v1/keys').send({ email });
  if (response.status !== 201) throw new Error(`key creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { key: response.body.key, keyId: response.body.key_id, email };
}

let counter = 0;
export function uniqueEmail(): string {
  return `user${process.pid}-${Date.now()}-${counter++}@example.com`;
}

export function upload(baseUrl: string, file: Buffer, filename = 'photo.jpg', key?: string, fields: Record<string, string> = {}) {
  let req = request(baseUrl).post('/v1/upload');
  if (key) req = req.set('Authorization', `Bearer ${key}`);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  return req.attach('file', file, filename);
}

/** Path of a URL on the service (src and url are absolute on the configured hosts). */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

const isReady = (media: request.Response) => media.status === 200 && media.body.status === undefined;

/** Polls GET /v1/media/{id} until the media is ready (no status field); returns the last answer, ready or not. */
export async function pollUntilReady(baseUrl: string, id: string, key: string, timeoutMs = 20_000): Promise<request.Response> {
  let last: request.Response | undefined;
  await waitUntil(async () => isReady((last = await request(baseUrl).get(`/v1/media/${id}`).set('Authorization', `Bearer ${key}`))), timeoutMs, 100);
  return last!;
}
