import { promises as fs } from 'fs';
import * as path from 'path';

/** dist/bench/report → <repo>/bench/results (git-ignored *.json). */
export const RESULTS_DIR = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');

export async function writeResults(name: string, data: unknown): Promise<string> {
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await fs.writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
