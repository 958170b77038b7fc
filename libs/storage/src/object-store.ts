import type { Readable } from 'stream';

export interface ByteRange {
  start: number;
  end: number; // inclusive
}

export interface StoredObjectInfo {
  size: number;
  contentType?: string;
}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ObjectStream extends StoredObjectInfo {
  body: Readable;
}

/** Where bytes live. Keys come from the key builders in object-keys.ts, never from user input. */
export interface ObjectStore {
  /** Streams `body` into `key`; the object appears only once the whole body is written. */
  putStream(key: string, body: Readable, contentType?: string): Promise<void>;
  putFile(key: string, filePath: string, contentType?: string): Promise<void>;
  downloadToFile(key: string, filePath: string): Promise<void>;
  getStream(key: string, range?: ByteRange): Promise<ObjectStream | null>;
  head(key: string): Promise<StoredObjectInfo | null>;
  /** Every object whose key starts with `prefix`, with its age (for sweeps; not for request paths). */
  list(prefix: string): Promise<ListedObject[]>;
  /** Abandons writes under `prefix` begun before `before` that never finished (S3 multipart uploads); returns how many. */
  abortUnfinishedWrites(prefix: string, before: Date): Promise<number>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Proves the store answers (readiness). */
  ping(): Promise<void>;
}

export const OBJECT_STORE = Symbol('OBJECT_STORE');
