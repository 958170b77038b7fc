import type { ImageRejectionReason } from './errors';
import type { RgbaImage } from './rgba-image';

/** Work handed to the isolated decoder process; inputs travel as paths or bytes, results are small. */
export type IsolatedTask =
  /** `sample`: also answer the placeholder's sample of the (largest) image, taken from the decoded pixels. */
  | { kind: 'bmp'; path: string; sample: boolean }
  | { kind: 'ico'; path: string; maxPixels: number; sample: boolean }
  | { kind: 'svg'; svg: Uint8Array; density: number; maxPixels: number }
  /** Decodes a BMP or ICO original (its largest image) and writes it to `out` as PNG, for variants. */
  | { kind: 'png'; path: string; out: string; maxPixels: number };

export interface IsolatedResult {
  width: number;
  height: number;
  /** Asked for with `sample`, and only when the decoded pixels were at hand (an ICO's largest image may be a PNG, left to sharp). */
  sample?: RgbaImage;
}

export type IsolatedReply =
  | { ok: true; value: IsolatedResult }
  | { ok: false; message: string; reason?: ImageRejectionReason };

/** What the child sends: `ready` once its modules are loaded (the decode's time limit starts then), then one reply. */
export type IsolatedMessage = { ready: true } | IsolatedReply;
