import type { IncomingMessage } from 'http';
import { pipeline } from 'stream/promises';
import { ByteLimit } from './byte-limit';
import { createDecoders } from './decode-body';
import { SinkWriter } from './sink-writer';
import { tooLargeError } from './too-large-error';

function declaredLength(res: IncomingMessage): number | undefined {
  const header = res.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

/** Decompresses and size-limits the body into `sink`; resolves with the (decoded) byte count once written. */
export async function streamBody(
  res: IncomingMessage,
  sink: NodeJS.WritableStream,
  maxBytes: number,
  signal: AbortSignal,
): Promise<number> {
  const declared = declaredLength(res);
  if (declared !== undefined && declared > maxBytes) throw tooLargeError(maxBytes, declared);
  const limit = new ByteLimit(maxBytes);
  await pipeline([res, ...createDecoders(res.headers['content-encoding']), limit, new SinkWriter(sink)], { signal });
  return limit.bytes;
}
