import { promises as fs } from 'fs';
import * as path from 'path';
import { loadConfig } from '@app/config';
import { FORMAT_INFO } from '@app/formats';
import { normaliseImage } from '@app/imaging';
import { createObjectStore, ObjectStore, originalKey } from '@app/storage';

/**
 * The floor the service is compared with: in this process, the worker's essential work for one image
 * and nothing else — normaliseImage (same function, same limits) into a temp folder, then
 * ObjectStore.putFile into the same kind of store (the folder driver), then the temp folder is removed.
 */
export class BareWork {
  private readonly store: ObjectStore;
  private readonly opts: { maxPixels: number; maxSvgBytes: number; timeoutSeconds: number };
  private counter = 0;

  constructor(private readonly dataDir: string) {
    const config = loadConfig({ DATA_DIR: dataDir });
    this.store = createObjectStore(config);
    this.opts = { maxPixels: config.maxInputPixels, maxSvgBytes: config.svgMaxBytes, timeoutSeconds: config.decodeTimeoutSeconds };
  }

  async process(inputPath: string): Promise<void> {
    const dir = await fs.mkdtemp(path.join(this.dataDir, 'job-'));
    try {
      const outputPath = path.join(dir, 'normalised');
      const image = await normaliseImage(inputPath, outputPath, this.opts);
      const { ext, contentType } = FORMAT_INFO[image.format];
      await this.store.putFile(originalKey(this.nextId(), ext), outputPath, contentType);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  /** Storage ids are 8 lowercase alphanumerics, like the service's. */
  private nextId(): string {
    return (this.counter++).toString(36).padStart(8, '0');
  }
}
