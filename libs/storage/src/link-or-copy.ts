import { promises as fs } from 'fs';

/** Errors of `link` that mean "not here" (another file system, or one without hard links), not "failed". */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK']);

/**
 * Gives `target` the bytes of `source`: a hard link when both are on one file system (no byte is
 * copied), else a kernel-side copy. Only for files nobody writes in place afterwards: every write of the
 * folder store and of the worker goes to a new file that is renamed over the old name.
 */
export async function linkOrCopy(source: string, target: string, link: typeof fs.link = fs.link): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    if (!LINK_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await fs.copyFile(source, target);
  }
}
