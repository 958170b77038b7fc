import type { BareWork } from '../bare/bare-work';
import type { Fixture } from '../fixtures/images';
import type { BenchService } from '../infra/service';

/** Everything a scenario needs, set up once by run.ts. */
export interface BenchContext {
  service: BenchService;
  key: string;
  bare: BareWork;
  photo: Fixture;
  small: Fixture;
  /** The photo served by a local HTTP server, for imports. */
  photoUrl: string;
  log(message: string): void;
}
