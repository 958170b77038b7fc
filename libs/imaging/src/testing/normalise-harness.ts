import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImageRejectedError } from '../errors';
import { normaliseImage } from '../normalise-image';
import type { NormalisedImage, NormaliseOptions } from '../normalised-image';
import { captureError } from './capture-error';
import { createTempDir, type TempDir } from './temp-dir';

export interface NormaliseHarness {
  /** The spec's temp dir (set in beforeAll). */
  readonly dir: TempDir;
  /** Writes `bytes` to a fresh input file; `output` is a fresh path beside it, not yet written. */
  files(bytes: Buffer | string): Promise<{ input: string; output: string }>;
  /** normaliseImage on `bytes`: the result, or the refusal as a rejection. */
  normalise(bytes: Buffer | string, options?: NormaliseOptions): Promise<NormalisedImage>;
  /** The same, with where the output went, and a refusal returned as the error. */
  normaliseTo(bytes: Buffer | string, options?: NormaliseOptions): Promise<{ output: string; result: NormalisedImage | Error }>;
  /** Expects a refusal with `message`, and nothing (not even a temp file) left for its output. */
  expectRejected(bytes: Buffer | string, message: string, options?: NormaliseOptions): Promise<void>;
}

/** One temp dir per spec file (made in beforeAll, removed in afterAll) and the calls the normalise specs share. */
export function useNormaliseHarness(defaults: NormaliseOptions): NormaliseHarness {
  let dir: TempDir | undefined;
  let counter = 0;
  beforeAll(async () => {
    dir = await createTempDir();
  });
  afterAll(() => dir?.remove());

  const harness: NormaliseHarness = {
    get dir() {
      if (!dir) throw new Error('the normalise harness is only ready inside tests');
      return dir;
    },
    async files(bytes) {
      const id = ++counter;
      const input = harness.dir.file(`${id}.in`);
      await writeFile(input, bytes);
      return { input, output: harness.dir.file(`${id}.out`) };
    },
    async normalise(bytes, options = defaults) {
      const { input, output } = await harness.files(bytes);
      return normaliseImage(input, output, options);
    },
    async normaliseTo(bytes, options = defaults) {
      const { input, output } = await harness.files(bytes);
      return { output, result: await normaliseImage(input, output, options).catch((error: Error) => error) };
    },
    async expectRejected(bytes, message, options = defaults) {
      const { input, output } = await harness.files(bytes);
      const error = await captureError(normaliseImage(input, output, options));
      expect(error).toBeInstanceOf(ImageRejectedError);
      expect(error.message).toBe(message);
      // The output and any temp file written beside it (".<name>.<uuid>.tmp") carry its name.
      const name = basename(output);
      expect((await harness.dir.list()).filter((entry) => entry === name || entry.startsWith(`.${name}.`))).toEqual([]);
    },
  };
  return harness;
}
