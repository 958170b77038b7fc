import * as path from 'path';
import type { AppConfig } from '@app/config';
import { FsObjectStore } from './fs-object-store';
import { ObjectStore } from './object-store';
import { createS3Client, S3ObjectStore } from './s3-object-store';

/** S3 when S3_BUCKET is set, else a folder under DATA_DIR. */
export function createObjectStore(config: Pick<AppConfig, 's3' | 'dataDir'>): ObjectStore {
  if (config.s3) return new S3ObjectStore(createS3Client(config.s3), config.s3.bucket);
  return new FsObjectStore(path.join(config.dataDir, 'objects'));
}
