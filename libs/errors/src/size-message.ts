const MB = 1024 * 1024;

export function formatMegabytes(bytes: number): string {
  return (bytes / MB).toFixed(2);
}

/** "File too large: 150.00 MB. Maximum file size is 70 MB." (MB = 2^20 bytes). */
export function fileTooLargeMessage(actualBytes: number, maxBytes: number): string {
  return `File too large: ${formatMegabytes(actualBytes)} MB. Maximum file size is ${Math.round(maxBytes / MB)} MB.`;
}
