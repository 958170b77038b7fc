import type { ListPosition } from '@app/db';

// Opaque to clients: base64url of "<created_at in µs>.<id>", the keyset position of the page's last row.
const DECODED = /^(\d{1,17})\.([a-z0-9]{8})$/;
const ENCODED = /^[A-Za-z0-9_-]{1,40}$/;

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAtMicros}.${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one this service issued. */
export function decodeCursor(cursor: string): ListPosition | null {
  if (!ENCODED.test(cursor)) return null;
  const match = DECODED.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { createdAtMicros: match[1], id: match[2] } : null;
}
