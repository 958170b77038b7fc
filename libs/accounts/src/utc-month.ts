/** Quotas count per UTC calendar month; a month is named by its first day, `YYYY-MM-01`. */
export function utcMonthOf(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** When the month's quota resets: the first instant of the next UTC month, in Unix seconds. */
export function nextUtcMonthStart(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) / 1000;
}
