import { corruptImage, decodeTimedOut, ImageRejectedError } from './errors';

// Failures that are about our disk or memory rather than the uploaded bytes; they must stay retryable.
const ENVIRONMENT_FAILURE = /for writing|no space left|permission denied|too many open files|cannot allocate memory/i;

/** Maps a decoder failure to a user-facing rejection; environment errors are rethrown untouched. */
export function toDecodeRejection(error: unknown, maxPixels: number): unknown {
  if (error instanceof ImageRejectedError) return error;
  if (isSystemError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (ENVIRONMENT_FAILURE.test(message)) return error;
  if (/exceeds pixel limit/i.test(message)) {
    return new ImageRejectedError(`Image dimensions exceed the limit of ${maxPixels} pixels`, 'too_large');
  }
  // sharp's .timeout() kills the pipeline with "timeout: N% complete".
  if (/^timeout: \d+% complete/.test(message)) return decodeTimedOut();
  return corruptImage();
}

/** Runs a decoding step, turning decoder errors into ImageRejectedError. */
export async function decoding<T>(maxPixels: number, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw toDecodeRejection(error, maxPixels);
  }
}

function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
