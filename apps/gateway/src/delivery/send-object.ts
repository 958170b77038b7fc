import type { IncomingMessage, ServerResponse } from 'http';
import type { Readable } from 'stream';
import type { ByteRange, ObjectStore, ObjectStream } from '@app/storage';
import { httpDate, isNotModified, rangeStillApplies, Validators } from './conditional-request';
import { parseRange } from './http-range';

/** One stored object as delivery serves it. */
export interface DeliveredObject extends Validators {
  key: string;
  contentType: string;
  cacheControl: string;
  /** The object's size when already known (an original's filesize); else storage is asked for a Range. */
  size?: number;
  /** Extra response headers (e.g. an SVG's Content-Security-Policy). */
  headers?: Record<string, string>;
}

/**
 * Every byte `src` serves goes through here, originals and variants alike: validators, 304, Range (206 /
 * 416), Content-Length, HEAD. Resolves false, having written nothing, when the object is not in storage
 * (the caller decides: 404, or render it first); headers are only set once the answer is known.
 * `representation` is `representationHeaders(object)`, passed when the caller keeps it prepared.
 */
export async function sendObject(
  store: ObjectStore,
  req: IncomingMessage,
  res: ServerResponse,
  object: DeliveredObject,
  representation: readonly string[] = representationHeaders(object),
): Promise<boolean> {
  if (isNotModified(req.headers, object)) {
    setHeaders(res, representation);
    res.statusCode = 304;
    res.end();
    return true;
  }
  const rangeHeader = rangeStillApplies(req.headers, object) ? req.headers.range : undefined;
  let range: ByteRange | undefined;
  let size = object.size;
  if (rangeHeader !== undefined) {
    if (size === undefined) {
      const info = await store.head(object.key);
      if (!info) return false;
      size = info.size;
    }
    const parsed = parseRange(rangeHeader, size);
    if (parsed === null) {
      setHeaders(res, representation);
      res.setHeader('Content-Range', `bytes */${size}`);
      res.statusCode = 416;
      res.end();
      return true;
    }
    range = parsed;
  }
  const stream = await store.getStream(object.key, range);
  if (!stream) return false;
  setHeaders(res, representation);
  writeStatus(res, stream, range, size);
  if (req.method === 'HEAD') {
    stream.body.destroy();
    res.end();
    return true;
  }
  await streamTo(res, stream.body);
  return true;
}

/** What every answer about `object` carries (200, 206, 304, 416), as name, value, name, value… (`writeHead` takes it so). */
export function representationHeaders(object: DeliveredObject): string[] {
  const list = [
    'ETag',
    object.etag,
    'Last-Modified',
    httpDate(object.lastModified),
    'Cache-Control',
    object.cacheControl,
    'Content-Type',
    object.contentType,
    'X-Content-Type-Options',
    'nosniff',
    'Accept-Ranges',
    'bytes',
  ];
  for (const [name, value] of Object.entries(object.headers ?? {})) list.push(name, value);
  return list;
}

function setHeaders(res: ServerResponse, list: readonly string[]): void {
  for (let i = 0; i < list.length; i += 2) res.setHeader(list[i], list[i + 1]);
}

function writeStatus(res: ServerResponse, stream: ObjectStream, range: ByteRange | undefined, size: number | undefined): void {
  if (range) {
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    res.statusCode = 200;
    res.setHeader('Content-Length', String(stream.size));
  }
}

/**
 * `body` piped into the answer; settles when the answer is finished or cut. A plain pipe, not
 * stream.pipeline: its AbortController and listeners were a visible share of a cached image's CPU.
 */
function streamTo(res: ServerResponse, body: Readable): Promise<void> {
  return new Promise((resolve) => {
    body.once('error', () => {
      res.destroy();
      resolve();
    });
    res.once('finish', resolve);
    res.once('close', () => {
      // Cut before the end (the client went away): stop reading and let go of the file.
      if (!res.writableFinished) body.destroy();
      resolve();
    });
    body.pipe(res);
  });
}
