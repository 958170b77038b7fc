import type { Fixture } from '../fixtures/images';
import type { BenchService } from '../infra/service';
import type { ThinUploadServer } from '../thin/thin-upload-server';

/** Everything a scenario needs, set up once by run.ts. */
export interface BenchContext {
  service: BenchService;
  key: string;
  /** The honest peer every service upload is compared with. */
  thin: ThinUploadServer;
  camera: Fixture;
  photo: Fixture;
  small: Fixture;
  /** The photo served by a local HTTP server, for imports. */
  photoUrl: string;
  log(message: string): void;
}
