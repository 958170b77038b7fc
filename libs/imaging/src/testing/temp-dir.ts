import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  file(name: string): string;
  list(): Promise<string[]>;
  remove(): Promise<void>;
}

/** A fresh directory under os.tmpdir() for one spec file; call `remove` in afterAll. */
export async function createTempDir(prefix = 'imaging-spec-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    file: (name: string) => join(path, name),
    list: () => readdir(path),
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
