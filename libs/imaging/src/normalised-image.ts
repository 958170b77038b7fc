import type { StoredFormat } from '@app/formats';

export interface NormaliseOptions {
  /** Largest decoded size accepted, in pixels (all frames together for animations). */
  maxPixels: number;
  /** Largest SVG file accepted, in bytes. */
  maxSvgBytes: number;
  /** Longest any one decode or encode step may run (sharp's timeout, or the isolated decoder's kill). */
  timeoutSeconds: number;
}

export interface NormalisedImage {
  format: StoredFormat;
  width: number;
  /** For animations, the height of one frame. */
  height: number;
  filesize: number;
  animated: boolean;
}
