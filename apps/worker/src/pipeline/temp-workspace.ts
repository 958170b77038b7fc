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
 * Removes workspaces in which nothing changed since `before`: what a killed worker left. Jobs are
 * bounded far below that age (fetch and decode timeouts), so no live job's folder is this still.
 */
export async function removeStaleWorkspaces(before: Date, root = os.tmpdir()): Promise<number> {
  const names = (await fs.readdir(root)).filter((name) => name.startsWith(WORKSPACE_PREFIX));
  let removed = 0;
  for (const name of names) {
    const folder = path.join(root, name);
    const touched = await lastTouched(folder);
    if (touched === null || touched >= before.getTime()) continue;
    await fs.rm(folder, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** When the folder or any file in it last changed (a job writing into an existing file changes only the file); null if not a folder. */
async function lastTouched(folder: string): Promise<number | null> {
  const stat = await fs.stat(folder).catch(() => undefined);
  if (!stat?.isDirectory()) return null;
  let newest = stat.mtimeMs;
  for (const entry of await fs.readdir(folder).catch(() => [] as string[])) {
    const entryStat = await fs.stat(path.join(folder, entry)).catch(() => undefined);
    if (entryStat) newest = Math.max(newest, entryStat.mtimeMs);
  }
  return newest;
}
