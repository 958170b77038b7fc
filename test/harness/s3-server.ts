import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
// s3rver ships no types
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');
import { freePort } from './free-port';
import { keepFoldersOnDelete } from './s3rver-keep-folders';
import { addMultipartUploadCalls } from './s3rver-multipart-uploads';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  port: number;
  env: Record<string, string>;
  stop(): Promise<void>;
  /** Starts it again on the same port and folder (after stop), e.g. to test recovery. */
  restart(): Promise<void>;
}

/** A real S3 HTTP endpoint (s3rver) on a free loopback port with one bucket. */
export async function startS3(): Promise<TestS3> {
  const port = await freePort();
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-s3-'));
  const bucket = 'media';
  const make = () => {
    const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
    addMultipartUploadCalls(server, directory);
    keepFoldersOnDelete(server);
    return server;
  };
  let server = make();
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    port,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    stop: async () => {
      await server.close();
    },
    restart: async () => {
      server = make();
      await server.run();
    },
  };
}
