import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Lets `write` produce a temp file beside outputPath, then renames it into place, so outputPath
 * either holds the complete result or is untouched; the temp file is removed on failure.
 */
export async function writeAtomically<T>(outputPath: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  const tempPath = join(dirname(outputPath), `.${basename(outputPath)}.${randomUUID()}.tmp`);
  try {
    const result = await write(tempPath);
    await rename(tempPath, outputPath);
    return result;
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}
