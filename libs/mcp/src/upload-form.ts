import { base64Chunks, base64DecodedLength } from './base64-chunks';

/** An upload's multipart form as a tool has it: text fields, and the file as base64 text or bytes. */
export interface UploadForm {
  fields: Record<string, string>;
  file?: { filename: string; base64?: string; bytes?: Buffer };
}

/** A request body produced as it is sent: its length is known up front, an upload's file decoded piece by piece. */
export interface RequestBody {
  contentType: string;
  length: number;
  chunks(): Iterable<Buffer>;
}

/**
 * The body of `form`. The fields and the file part's headers are encoded by Node's own FormData encoder (its
 * escaping of names and file names); the file's bytes go between them without ever being held whole.
 */
export async function multipartBody(form: UploadForm): Promise<RequestBody> {
  const data = new FormData();
  for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
  if (form.file) data.append('file', new Blob([]), form.file.filename);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  const contentType = request.headers.get('content-type')!;
  const encoded = Buffer.from(await request.arrayBuffer());
  const file = form.file;
  if (!file) return { contentType, length: encoded.length, chunks: () => [encoded] };

  // The empty file part is last: everything after its headers is the closing boundary.
  const boundary = /boundary=(.+)$/.exec(contentType)![1];
  const closing = Buffer.from(`\r\n--${boundary}--\r\n`);
  if (!encoded.subarray(encoded.length - closing.length).equals(closing)) throw new Error('unexpected multipart encoding');
  const head = encoded.subarray(0, encoded.length - closing.length);
  const fileLength = file.base64 !== undefined ? base64DecodedLength(file.base64) : (file.bytes?.length ?? 0);
  function* chunks(): Generator<Buffer> {
    yield head;
    if (file!.base64 !== undefined) yield* base64Chunks(file!.base64);
    else if (file!.bytes) yield file!.bytes;
    yield closing;
  }
  return { contentType, length: head.length + fileLength + closing.length, chunks };
}
