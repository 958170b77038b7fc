import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { randomBytes } from 'crypto';
import { createS3Client, FsObjectStore, ObjectStore, S3ObjectStore } from '@app/storage';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '@app/config';
import { startS3, TestS3 } from '../harness/s3-server';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.each(['s3', 'fs'] as const)('ObjectStore (%s driver) against the real thing', (driver) => {
  let store: ObjectStore;
  let s3: TestS3 | undefined;
  let dir: string;

  /** Every trace of a key: a finished object, an unfinished write (.part file), an unfinished S3 multipart upload. */
  async function tracesOf(key: string): Promise<string[]> {
    const traces = (await store.list(key)).map((object) => object.key);
    if (!s3) return traces;
    const client = createS3Client(loadConfig(s3.env).s3!);
    const unfinished = await client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: key }));
    return [...traces, ...(unfinished.Uploads ?? []).map((upload) => `unfinished ${upload.Key}`)];
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-store-'));
    if (driver === 's3') {
      s3 = await startS3();
      store = new S3ObjectStore(
        createS3Client(loadConfig(s3.env).s3!),
        s3.bucket,
      );
    } else {
      store = new FsObjectStore(path.join(dir, 'objects'));
    }
  });
  afterAll(async () => {
    await s3?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('streams a body of unknown length larger than one multipart part, byte for byte', async () => {
    const body = randomBytes(11 * 1024 * 1024 + 123);
    const chunks = Array.from({ length: Math.ceil(body.length / 65536) }, (_, i) => body.subarray(i * 65536, (i + 1) * 65536));
    await store.putStream('staging/bigbytes', Readable.from(chunks));
    expect(await store.head('staging/bigbytes')).toMatchObject({ size: body.length });
    const target = path.join(dir, 'download');
    await store.downloadToFile('staging/bigbytes', target);
    expect((await fs.readFile(target)).equals(body)).toBe(true);
  });

  it('keeps a downloaded file and its object apart: removing or replacing one leaves the other as it was', async () => {
    const first = Buffer.from('first version of the bytes');
    const source = path.join(dir, 'apart-source');
    await fs.writeFile(source, first);
    await store.putFile('staging/apart001', source);
    await fs.rm(source);
    const downloaded = path.join(dir, 'apart-download');
    await store.downloadToFile('staging/apart001', downloaded);
    await store.putStream('staging/apart001', Readable.from([Buffer.from('second version')]));
    expect((await fs.readFile(downloaded)).equals(first)).toBe(true);
    await store.delete('staging/apart001');
    expect((await fs.readFile(downloaded)).equals(first)).toBe(true);
  });

  if (driver === 'fs') {
    it('hands files over by hard link on one file system: no byte is copied', async () => {
      const source = path.join(dir, 'linked-source');
      await fs.writeFile(source, randomBytes(4096));
      await store.putFile('staging/linked01', source);
      const downloaded = path.join(dir, 'linked-download');
      await store.downloadToFile('staging/linked01', downloaded);
      const [a, b] = await Promise.all([fs.stat(source), fs.stat(downloaded)]);
      expect(b.ino).toBe(a.ino);
      await store.delete('staging/linked01');
    });
  }

  it('serves byte ranges and reports the full size', async () => {
    const file = path.join(dir, 'small');
    await fs.writeFile(file, Buffer.from('0123456789abcdef'));
    await store.putFile('originals/abcdefgh.png', file, 'image/png');
    const object = await store.getStream('originals/abcdefgh.png', { start: 4, end: 9 });
    expect(object!.size).toBe(16);
    expect((await readAll(object!.body)).toString()).toBe('456789');
  });

  it('treats missing objects as absent, and deleting one as done', async () => {
    expect(await store.head('originals/zzzzzzzz.png')).toBeNull();
    expect(await store.getStream('originals/zzzzzzzz.png')).toBeNull();
    await expect(store.delete('originals/zzzzzzzz.png')).resolves.toBeUndefined();
    await store.delete('originals/abcdefgh.png');
    expect(await store.head('originals/abcdefgh.png')).toBeNull();
  });

  it('leaves no object behind when the body stream fails part-way', async () => {
    // Past one multipart part (5 MB), so S3 has a part to abort.
    let sent = 0;
    const failing = new Readable({
      read() {
        if (++sent > 100) this.destroy(new Error('client went away'));
        else this.push(randomBytes(64 * 1024));
      },
    });
    await expect(store.putStream('staging/failedup', failing)).rejects.toThrow();
    expect(await store.head('staging/failedup')).toBeNull();
    expect(await tracesOf('staging/failedup')).toEqual([]);
  });

  it('lists objects under a prefix with their size and age', async () => {
    const file = path.join(dir, 'listed');
    await fs.writeFile(file, Buffer.from('12345'));
    const before = Date.now() - 2000;
    await store.putFile('staging/listed01', file);
    await store.putFile('originals/listed01.png', file);
    const listed = await store.list('staging/listed');
    expect(listed.map(({ key, size }) => ({ key, size }))).toEqual([{ key: 'staging/listed01', size: 5 }]);
    expect(listed[0].lastModified.getTime()).toBeGreaterThan(before);
    await store.delete('staging/listed01');
    await store.delete('originals/listed01.png');
  });

  it('lists every key under a folder prefix, a partial folder name, or a whole key, and nothing beside them', async () => {
    const file = path.join(dir, 'nested');
    await fs.writeFile(file, Buffer.from('abc'));
    const keys = ['variants/nest0001/s.webp', 'variants/nest0001/m.png', 'variants/nest0002/s.webp', 'variants/other01/s.webp', 'originals/nest0001.png'];
    for (const key of keys) await store.putFile(key, file);
    const listed = async (prefix: string) => (await store.list(prefix)).map((object) => object.key).sort();
    expect(await listed('variants/nest0001/')).toEqual(['variants/nest0001/m.png', 'variants/nest0001/s.webp']);
    expect(await listed('variants/nest')).toEqual(['variants/nest0001/m.png', 'variants/nest0001/s.webp', 'variants/nest0002/s.webp']);
    expect(await listed('variants/nest0001/s.webp')).toEqual(['variants/nest0001/s.webp']);
    expect(await listed('variants/none0001/')).toEqual([]);
    expect(await listed('originals/nest0001.png/')).toEqual([]);
    for (const key of keys) await store.delete(key);
  });

  it('answers ping while up', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
