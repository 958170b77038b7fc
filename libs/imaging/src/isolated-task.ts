import type { ImageRejectionReason } from './errors';

/** Work handed to the isolated decoder process; inputs travel as paths or bytes, results are small. */
export type IsolatedTask =
  | { kind: 'bmp'; path: string }
  | { kind: 'ico'; path: string; maxPixels: number }
  | { kind: 'svg'; svg: Uint8Array; density: number; maxPixels: number }
  /** Decodes a BMP or ICO original (its largest image) and writes it to `out` as PNG, for variants. */
  | { kind: 'png'; path: string; out: string; maxPixels: number };

export interface IsolatedResult {
  width: number;
  height: number;
}

export type IsolatedReply =
  | { ok: true; value: IsolatedResult }
  | { ok: false; message: string; reason?: ImageRejectionReason };

/** What the child sends: `ready` once its modules are loaded (the decode's time limit starts then), then one reply. */
export type IsolatedMessage = { ready: true } | IsolatedReply;
