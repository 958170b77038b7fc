import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

const WORKSPACE_PREFIX = 'imgpro-job-';

/** Runs `work` with a private temp folder that is removed afterwards, whatever happens. */
export async function withTempWorkspace<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), WORKSPACE_PREFIX));
  try {
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Removes workspaces last touched before `before`: what a killed worker left. Jobs are bounded far
 * below that age (fetch and decode timeouts), so no live job's folder is this old.
 */
export async function removeStaleWorkspaces(before: Date, root = os.tmpdir()): Promise<number> {
  const names = (await fs.readdir(root)).filter((name) => name.startsWith(WORKSPACE_PREFIX));
  let removed = 0;
  for (const name of names) {
    const folder = path.join(root, name);
    const stat = await fs.stat(folder).catch(() => undefined);
    if (!stat?.isDirectory() || stat.mtime >= before) continue;
    await fs.rm(folder, { recursive: true, force: true });
    removed++;
  }
  return removed;
}
