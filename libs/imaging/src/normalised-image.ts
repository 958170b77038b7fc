import type { StoredFormat } from '@app/formats';
import type { Placeholder } from './placeholder';

export interface NormaliseOptions {
  /** Largest decoded size accepted, in pixels (all frames together for animations). */
  maxPixels: number;
  /** Largest SVG file accepted, in bytes. */
  maxSvgBytes: number;
  /** Longest any one decode or encode step may run (sharp's timeout, or the isolated decoder's kill). */
  timeoutSeconds: number;
  /**
   * Compute the placeholder (default true). Only the benchmark turns it off, to measure what it costs: the
   * decodes then end as before, in a discarded band.
   */
  placeholders?: boolean;
}

export interface NormalisedImage {
  format: StoredFormat;
  width: number;
  /** For animations, the height of one frame. */
  height: number;
  filesize: number;
  animated: boolean;
  /** Null for SVG (and when not asked for). */
  placeholder: Placeholder | null;
}
