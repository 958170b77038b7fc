const MEGABYTE = 1024 * 1024;

/** Bytes as mebibytes with two decimals: 157286400 → "150.00". */
export function formatMegabytes(bytes: number): string {
  return (bytes / MEGABYTE).toFixed(2);
}

/** A configured limit reads better as "10 MB" than "10.00 MB"; fractional limits keep two decimals. */
export function formatMegabyteLimit(bytes: number): string {
  const mb = bytes / MEGABYTE;
  return Number.isInteger(mb) ? String(mb) : formatMegabytes(bytes);
}
