import { promises as fs } from 'fs';

interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  deleteObject(bucket: string, key: string): Promise<void>;
}

/**
 * s3rver removes a key's folders once a delete leaves them empty. A write of another key into the same
 * folder that has just created it then fails to open its file, with an ENOENT thrown from a stream
 * nobody listens to, which ends the whole test process (staging objects of concurrent uploads do this
 * under load). S3 has no folders to remove: deletes here remove the object's files only.
 */
export function keepFoldersOnDelete(server: { store: FilesystemStore }): void {
  const { store } = server;
  store.deleteObject = async (bucket, key) => {
    await Promise.all(
      ['object', 'object.md5', 'metadata.json'].map((resource) =>
        fs.unlink(store.getResourcePath(bucket, key, resource)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        }),
      ),
    );
  };
}
