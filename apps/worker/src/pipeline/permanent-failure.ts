import { JobFailure } from '@app/errors';

/** A failure that retrying cannot fix (bad input, refused address); carries the documented error. */
export class PermanentFailure extends Error {
  constructor(readonly failure: JobFailure) {
    super(failure.message);
  }
}
