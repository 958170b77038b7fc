/** One call of the REST API, as an MCP tool makes it: the gateway dispatches it in-process, the stdio server over HTTP. */
export interface RestRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/v1/media?limit=5`. */
  path: string;
  json?: Record<string, unknown>;
  form?: FormData;
  headers?: Record<string, string>;
}

export interface RestAnswer {
  status: number;
  body: unknown;
}

export type RestCall = (request: RestRequest) => Promise<RestAnswer>;

/** A FormData body as the bytes and Content-Type a multipart request carries (Node's own encoder). */
export async function encodeForm(form: FormData): Promise<{ bytes: Buffer; contentType: string }> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { bytes: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}
