import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { onCleanup } from './cleanup';

/** A fresh folder under the OS temp dir, removed at clean-up. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `imgpro-bench-${prefix}-`));
  onCleanup(`rm ${dir}`, () => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}
