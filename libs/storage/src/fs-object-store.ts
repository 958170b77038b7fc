import { createReadStream, createWriteStream, promises as fs } from 'fs';
import * as path from 'path';
import type { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { randomBytes } from 'crypto';
import { ByteRange, ObjectStore, ObjectStream, StoredObjectInfo } from './object-store';

/** Objects as files under one root folder; writes go to a temp file and are renamed into place. */
export class FsObjectStore implements ObjectStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep)) throw new Error('storage key escapes the root');
    return resolved;
  }

  async putStream(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      await pipeline(body, createWriteStream(temp));
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  putFile(key: string, filePath: string): Promise<void> {
    return this.putStream(key, createReadStream(filePath));
  }

  async downloadToFile(key: string, filePath: string): Promise<void> {
    await fs.copyFile(this.pathOf(key), filePath);
  }

  async getStream(key: string, range?: ByteRange): Promise<ObjectStream | null> {
    const info = await this.head(key);
    if (!info) return null;
    const body = createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : undefined);
    return { ...info, body };
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    try {
      const stat = await fs.stat(this.pathOf(key));
      return { size: stat.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async ping(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    await fs.access(this.root);
  }
}
