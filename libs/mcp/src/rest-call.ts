import { multipartBody, RequestBody, UploadForm } from './upload-form';

/** One call of the REST API, as an MCP tool makes it: the gateway dispatches it in-process, the stdio server over HTTP. */
export interface RestRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/v1/media?limit=5`. */
  path: string;
  json?: Record<string, unknown>;
  upload?: UploadForm;
  headers?: Record<string, string>;
}

export interface RestAnswer {
  status: number;
  body: unknown;
}

export type RestCall = (request: RestRequest) => Promise<RestAnswer>;

/** The request's body (JSON or multipart), if it has one. */
export async function requestBody(request: RestRequest): Promise<RequestBody | undefined> {
  if (request.upload) return multipartBody(request.upload);
  if (!request.json) return undefined;
  const bytes = Buffer.from(JSON.stringify(request.json));
  return { contentType: 'application/json', length: bytes.length, chunks: () => [bytes] };
}
