import { randomBytes } from 'crypto';

/** Hand-written multipart/form-data framing around one `file` part. */
export interface MultipartFrame {
  contentType: string;
  head: Buffer;
  tail: Buffer;
  /** Total body length for a file of `fileBytes`. */
  length(fileBytes: number): number;
}

export function multipartFrame(filename: string, fileContentType: string): MultipartFrame {
  const boundary = `----imgpro-bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${fileContentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head,
    tail,
    length: (fileBytes) => head.length + fileBytes + tail.length,
  };
}
