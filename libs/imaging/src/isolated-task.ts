import type { ImageRejectionReason } from './errors';

/** Work handed to the isolated decoder process; inputs travel as paths or bytes, results are small. */
export type IsolatedTask =
  | { kind: 'bmp'; path: string }
  | { kind: 'ico'; path: string; maxPixels: number }
  | { kind: 'svg'; svg: Uint8Array; density: number; maxPixels: number };

export interface IsolatedResult {
  width: number;
  height: number;
}

export type IsolatedReply =
  | { ok: true; value: IsolatedResult }
  | { ok: false; message: string; reason?: ImageRejectionReason };
