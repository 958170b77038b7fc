import type { StoredFormat } from './formats';

export interface NormaliseOptions {
  /** Largest decoded size accepted, in pixels (all frames together for animations). */
  maxPixels: number;
  /** Largest SVG file accepted, in bytes. */
  maxSvgBytes: number;
}

export interface NormalisedImage {
  format: StoredFormat;
  width: number;
  /** For animations, the height of one frame. */
  height: number;
  filesize: number;
  animated: boolean;
}
