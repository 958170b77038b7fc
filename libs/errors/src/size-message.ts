const MB = 1024 * 1024;

/** Bytes as MB (2^20 bytes) with two decimals: 157286400 → "150.00". */
export function formatMegabytes(bytes: number): string {
  return (bytes / MB).toFixed(2);
}

/** A configured limit reads better as "70 MB" than "70.00 MB"; fractional limits keep two decimals. */
export function formatMegabyteLimit(bytes: number): string {
  return Number.isInteger(bytes / MB) ? String(bytes / MB) : formatMegabytes(bytes);
}

/**
 * "File too large: 150.00 MB. Maximum file size is 70 MB." When only an overflow is known
 * (a stream without a length), the size reads "more than 70.00".
 */
export function fileTooLargeMessage(actualBytes: number | undefined, maxBytes: number): string {
  const size = actualBytes === undefined ? `more than ${formatMegabytes(maxBytes)}` : formatMegabytes(actualBytes);
  return `File too large: ${size} MB. Maximum file size is ${formatMegabyteLimit(maxBytes)} MB.`;
}
