import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '@app/storage';
import type { TestService } from './test-service';

/** What a request left in staging: finished objects, unfinished writes and unfinished S3 multipart uploads. */
export async function stagingLeftovers(service: TestService): Promise<string[]> {
  const objects = (await service.store.list('staging/')).map((object) => object.key);
  if (!service.config.s3) return objects;
  const client = createS3Client(service.config.s3);
  const unfinished = await client.send(new ListMultipartUploadsCommand({ Bucket: service.config.s3.bucket, Prefix: 'staging/' }));
  return [...objects, ...(unfinished.Uploads ?? []).map((upload) => `unfinished upload of ${upload.Key}`)];
}
