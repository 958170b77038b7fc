import { PutObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '@app/config';
import { createS3Client } from '@app/storage';
import { startS3, TestS3 } from './s3-server';

/**
 * The test S3 must hold up to what the service does under load: writes and deletes of other keys in the
 * same folder at once (staging objects of concurrent uploads).
 */
describe('the test S3 server (s3rver)', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(() => s3.stop());

  it('takes writes while other keys of the same folder are deleted', async () => {
    const client = createS3Client(loadConfig({ ...s3.env, SIGNING_SECRET: 'spec-secret' }).s3!);
    const body = Buffer.alloc(64 * 1024, 1);
    const put = (key: string) => client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));
    const del = (key: string) => client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
    const failures: string[] = [];
    for (let round = 0; round < 60; round++) {
      await put(`staging/old-${round}`);
      const outcomes = await Promise.allSettled([del(`staging/old-${round}`), put(`staging/new-${round}`)]);
      for (const outcome of outcomes) if (outcome.status === 'rejected') failures.push(String(outcome.reason));
      await del(`staging/new-${round}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
