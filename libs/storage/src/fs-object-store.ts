import { closeSync, createReadStream, createWriteStream, fstat as fstatCallback, open, promises as fs, Stats } from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { randomBytes } from 'crypto';
import { linkOrCopy } from './link-or-copy';
import { ByteRange, ListedObject, ObjectStore, ObjectStream, StoredObjectInfo } from './object-store';

/** Objects as files under one root folder; writes go to a temp file and are renamed into place. */
export class FsObjectStore implements ObjectStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep)) throw new Error('storage key escapes the root');
    return resolved;
  }

  /**
   * A callback write stream on a plain descriptor: a FileHandle stream costs a promise per chunk, which
   * was the gateway's largest self time per MB of upload. Chunks queued behind a write go out as one writev.
   */
  async putStream(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    const temp = tempPathFor(target);
    const fd = await openCreatingFolder(temp);
    try {
      await pipeline(body, createWriteStream('', { fd, highWaterMark: WRITE_HIGH_WATER_MARK }));
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  /** A hard link where it can (same file system), else a kernel-side copy: the bytes never pass through JavaScript. */
  async putFile(key: string, filePath: string): Promise<void> {
    const target = this.pathOf(key);
    const temp = tempPathFor(target);
    try {
      await linkOrCopyCreatingFolder(filePath, temp);
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  /** A hard link where it can: the worker reads the staging file in place instead of copying it. */
  async downloadToFile(key: string, filePath: string): Promise<void> {
    await linkOrCopy(this.pathOf(key), filePath);
  }

  /**
   * Open, then fstat the open file (it cannot vanish in between), then read exactly the bytes wanted in
   * chunks of up to 1 MiB: a small object is one read, without the extra read that finds the end of file.
   * Callback fs on a plain descriptor: FileHandle's promise machinery cost more than the reads per request.
   */
  async getStream(key: string, range?: ByteRange): Promise<ObjectStream | null> {
    const fd = await openForReading(this.pathOf(key));
    if (fd === null) return null;
    try {
      const { size } = await fstat(fd);
      const start = range?.start ?? 0;
      const end = range?.end ?? size - 1;
      const wanted = end - start + 1;
      if (wanted <= 0) {
        closeSync(fd);
        return { size, body: Readable.from([]) };
      }
      return { size, body: createReadStream('', { fd, start, end, highWaterMark: Math.min(wanted, READ_CHUNK_MAX) }) };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
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

  /**
   * Unfinished writes (`.part` files) are listed too, under their own key, so a sweep can remove what a crash left.
   * Only the folder the prefix names is read (`variants/{id}/` is one small folder), never the whole tree:
   * a delete lists its media's variants, and its cost must not grow with everything else stored.
   */
  async list(prefix: string): Promise<ListedObject[]> {
    const root = path.resolve(this.root);
    const folder = this.folderOf(prefix);
    const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true }).catch((error) => {
      if (isMissingFolder(error) || isNotAFolder(error)) return [];
      throw error;
    });
    const listed: ListedObject[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const absolute = path.join(entry.parentPath, entry.name);
      const key = path.relative(root, absolute).split(path.sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const stat = await fs.stat(absolute).catch(() => undefined);
      if (stat) listed.push({ key, size: stat.size, lastModified: stat.mtime });
    }
    return listed;
  }

  /** The deepest folder holding every key that starts with `prefix`: its part up to the last `/`. */
  private folderOf(prefix: string): string {
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    return folder ? this.pathOf(folder) : path.resolve(this.root);
  }

  /** Unfinished writes here are `.part` files, which `list` already shows. */
  async abortUnfinishedWrites(): Promise<number> {
    return 0;
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async ping(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    await fs.access(this.root);
  }
}

const READ_CHUNK_MAX = 1024 * 1024;
/**
 * Bytes a staging write may hold queued before it asks the upload to wait. Each write call costs the
 * kernel a fixed amount (inode time update, journal handle) on top of the copy: 1 MiB writes of a 3.7 MB
 * upload cost the gateway ≈ 2 ms less CPU than 256 KiB ones (A/B on this box); at most ≈ 2 MiB per upload in memory.
 */
const WRITE_HIGH_WATER_MARK = 1024 * 1024;

function openForReading(filePath: string): Promise<number | null> {
  return new Promise((resolve, reject) =>
    open(filePath, 'r', (error, fd) => {
      if (!error) resolve(fd);
      else if (error.code === 'ENOENT') resolve(null);
      else reject(error);
    }),
  );
}

function fstat(fd: number): Promise<Stats> {
  return new Promise((resolve, reject) => fstatCallback(fd, (error, stats) => (error ? reject(error) : resolve(stats))));
}

function tempPathFor(target: string): string {
  return `${target}.${randomBytes(6).toString('hex')}.part`;
}

function isMissingFolder(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function isNotAFolder(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOTDIR';
}

function openForWriting(filePath: string): Promise<number> {
  return new Promise((resolve, reject) => open(filePath, 'w', (error, fd) => (error ? reject(error) : resolve(fd))));
}

/** The folder almost always exists: creating it only on ENOENT saves a file-system call per write. */
async function openCreatingFolder(filePath: string): Promise<number> {
  try {
    return await openForWriting(filePath);
  } catch (error) {
    if (!isMissingFolder(error)) throw error;
    await fs.mkdir(path.dirname(filePath), { recursive: true });
    return openForWriting(filePath);
  }
}

async function linkOrCopyCreatingFolder(source: string, filePath: string): Promise<void> {
  try {
    await linkOrCopy(source, filePath);
  } catch (error) {
    // ENOENT may also mean the source is missing; then the retry fails the same way.
    if (!isMissingFolder(error)) throw error;
    await fs.mkdir(path.dirname(filePath), { recursive: true });
    await linkOrCopy(source, filePath);
  }
}
