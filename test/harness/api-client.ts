import request from 'supertest';

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
