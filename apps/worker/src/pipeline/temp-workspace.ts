import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Runs `work` with a private temp folder that is removed afterwards, whatever happens. */
export async function withTempWorkspace<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imgpro-job-'));
  try {
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
