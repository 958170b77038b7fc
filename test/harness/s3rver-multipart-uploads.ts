import { promises as fs } from 'fs';
import * as path from 'path';

/**
 * s3rver keeps unfinished multipart uploads on disk but implements neither AbortMultipartUpload nor
 * ListMultipartUploads. This adds both (the two calls an S3 client makes about unfinished uploads),
 * so tests can see, as on real S3, whether an upload was aborted or left behind.
 */
export function addMultipartUploadCalls(server: { middleware: unknown[] }, directory: string): void {
  const uploadsOf = (bucket: string) => path.join(directory, bucket, '._S3rver_uploads');
  const handler = async (ctx: KoaContext, next: () => Promise<void>) => {
    const [bucket, ...keyParts] = ctx.path.split('/').filter(Boolean);
    if (ctx.method === 'DELETE' && keyParts.length && typeof ctx.query.uploadId === 'string') {
      const folder = path.join(uploadsOf(bucket), path.basename(ctx.query.uploadId));
      const exists = await fs.stat(folder).then(() => true, () => false);
      if (!exists) {
        ctx.status = 404;
        ctx.type = 'application/xml';
        ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>No such upload</Message></Error>';
        return;
      }
      await fs.rm(folder, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (ctx.method === 'GET' && bucket && !keyParts.length && 'uploads' in ctx.query) {
      const uploads = await listUnfinished(uploadsOf(bucket));
      ctx.type = 'application/xml';
      ctx.body =
        '<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult>' +
        `<Bucket>${bucket}</Bucket><IsTruncated>false</IsTruncated>` +
        uploads
          .map((u) => `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.uploadId}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`)
          .join('') +
        '</ListMultipartUploadsResult>';
      return;
    }
    await next();
  };
  server.middleware.unshift(handler);
}

export interface UnfinishedUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

async function listUnfinished(folder: string): Promise<UnfinishedUpload[]> {
  const ids = await fs.readdir(folder).catch(() => [] as string[]);
  const uploads: UnfinishedUpload[] = [];
  for (const uploadId of ids) {
    const key = await fs.readFile(path.join(folder, uploadId, 'key'), 'utf8').catch(() => undefined);
    const stat = await fs.stat(path.join(folder, uploadId, 'key')).catch(() => undefined);
    if (key !== undefined && stat) uploads.push({ key, uploadId, initiated: stat.mtime });
  }
  return uploads;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}
