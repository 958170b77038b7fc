import busboy from 'busboy';
import { createHash } from 'crypto';
import type { Request } from 'express';
import type { Readable } from 'stream';
import { ApiError, fileTooLargeMessage, validationError } from '@app/errors';
import { ByteCounter, TooLargeError } from './byte-counter';
import { chunkedBodyLimit, declaredLength } from './upload-size-limits';

export interface StagedFile {
  filename: string | undefined;
  bytes: number;
  /** Hex sha256 of the whole file part, computed while it streamed (also past the cap). */
  sha256: string;
}

interface TooLargeFile {
  filename: string | undefined;
  tooLarge: number;
  sha256: string;
}

export type MultipartOutcome =
  | { kind: 'stored'; fields: Record<string, string>; file: StagedFile }
  | { kind: 'too_large'; fields: Record<string, string>; bytes: number; file: Omit<StagedFile, 'bytes'> }
  | { kind: 'no_file'; fields: Record<string, string> };

export interface MultipartOptions {
  maxFileBytes: number;
  /** Streams the file's bytes into storage; must reject if the stream errors. */
  store(body: Readable): Promise<void>;
}

const LIMITS = { fields: 30, fieldSize: 64 * 1024, parts: 40, files: 5, headerPairs: 100 };

/**
 * Reads a multipart upload: the `file` part streams into storage while its bytes are counted. Past the
 * cap, storing stops; a body of declared length (at most the cap plus the multipart allowance, see
 * upload-size-limits) is read on only to count the file's true size, a chunked one is refused at once,
 * as is a chunked body passing its limit or a second file part. A refusal stops reading: the answer
 * closes the connection (http/early-answer-close). Memory stays bounded.
 */
export function readMultipartUpload(req: Request, options: MultipartOptions): Promise<MultipartOutcome> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: LIMITS });
    } catch {
      reject(validationError({ file: ['Request must be multipart/form-data with a file field'] }));
      return;
    }
    const chunked = declaredLength(req) === undefined;
    const overCap = () => new ApiError('upload_failed', { message: fileTooLargeMessage(undefined, options.maxFileBytes) });
    const fields: Record<string, string> = {};
    let fileWork: Promise<StagedFile | TooLargeFile> | undefined;
    let failed = false;
    let activeFile: Readable | undefined;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe();
      // Ends a storage write still waiting for bytes that will never come.
      activeFile?.destroy(new Error('upload abandoned'));
      // Answer only once the staging write has settled, so nothing is written after the caller is told.
      void (fileWork ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => reject(error));
    };

    parser.on('field', (name, value, info) => {
      if (failed) return;
      if (info.valueTruncated) fail(validationError({ [name]: ['Value is too long'] }));
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      stream.on('error', () => undefined);
      if (failed) return void stream.resume();
      if (name !== 'file' || fileWork) {
        stream.resume();
        return fail(validationError({ file: ['Send one file, in the field "file"'] }));
      }
      activeFile = stream;
      fileWork = stageFile(stream, info.filename, options, chunked ? overCap : undefined);
      fileWork.catch(fail);
    });
    parser.on('error', () => fail(validationError({ file: ['Malformed multipart body'] })));
    parser.on('partsLimit', () => fail(validationError({ body: ['Too many parts'] })));
    parser.on('filesLimit', () => fail(validationError({ body: ['Too many files'] })));
    parser.on('fieldsLimit', () => fail(validationError({ body: ['Too many fields'] })));
    parser.on('close', async () => {
      if (failed) return;
      if (!fileWork) return resolve({ kind: 'no_file', fields });
      try {
        const file = await fileWork;
        if (failed) return;
        resolve(
          'tooLarge' in file
            ? { kind: 'too_large', fields, bytes: file.tooLarge, file: { filename: file.filename, sha256: file.sha256 } }
            : { kind: 'stored', fields, file },
        );
      } catch (error) {
        fail(error);
      }
    });
    req.on('error', () => fail(validationError({ file: ['Upload was interrupted'] })));
    req.on('close', () => {
      if (!req.complete) fail(validationError({ file: ['Upload was interrupted'] }));
    });
    if (!chunked) return void req.pipe(parser);
    const body = new ByteCounter(chunkedBodyLimit(options.maxFileBytes));
    body.on('error', (error) => fail(error instanceof TooLargeError ? overCap() : error));
    req.pipe(body).pipe(parser);
  });
}

/** Stages one file part; past the cap, `refuseAtOnce` (chunked bodies) ends it with that error instead of counting on. */
async function stageFile(
  stream: Readable,
  filename: string | undefined,
  options: MultipartOptions,
  refuseAtOnce: (() => ApiError) | undefined,
): Promise<StagedFile | TooLargeFile> {
  let total = 0;
  const hash = createHash('sha256');
  stream.on('data', (chunk: Buffer) => {
    total += chunk.length;
    hash.update(chunk);
  });
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('error', () => resolve());
  });
  const counter = new ByteCounter(options.maxFileBytes);
  // The store may attach its listeners late (after opening a file or a multipart upload): an error
  // before then must not go unhandled; the store still sees the destroyed stream and rejects.
  counter.on('error', () => undefined);
  // pipe() does not pass errors on: an aborted request must also abort the storage write.
  stream.on('error', (error) => counter.destroy(error));
  stream.pipe(counter);
  try {
    await options.store(counter);
    if (stream.errored) throw stream.errored;
    await ended;
    return { filename, bytes: total, sha256: hash.digest('hex') };
  } catch (error) {
    stream.unpipe(counter);
    if (!(error instanceof TooLargeError) && !(counter.errored instanceof TooLargeError)) throw error;
    if (refuseAtOnce) throw refuseAtOnce();
    // Read on (and discard) so the true size can be reported: a declared body is bounded by its length.
    stream.resume();
    await ended;
    return { filename, tooLarge: total, sha256: hash.digest('hex') };
  }
}
