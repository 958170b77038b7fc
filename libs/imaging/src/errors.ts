export type ImageRejectionReason = 'unsupported' | 'corrupt' | 'too_large' | 'invalid';

/**
 * A permanent problem with the uploaded bytes. The message is safe to show to the uploader;
 * retrying the same input will always fail the same way.
 */
export class ImageRejectedError extends Error {
  readonly reason: ImageRejectionReason;

  constructor(message: string, reason: ImageRejectionReason = 'invalid') {
    super(message);
    this.name = 'ImageRejectedError';
    this.reason = reason;
  }
}

export function unsupportedFileType(): ImageRejectedError {
  return new ImageRejectedError('Unsupported file type', 'unsupported');
}

export function corruptImage(): ImageRejectedError {
  return new ImageRejectedError('Image is truncated or corrupt', 'corrupt');
}

export function invalidSvg(): ImageRejectedError {
  return new ImageRejectedError('Invalid SVG', 'invalid');
}

/** The decode ran past its time budget; the same bytes would take as long again. */
export function decodeTimedOut(): ImageRejectedError {
  return new ImageRejectedError('Image took too long to process', 'too_large');
}
