/**
 * Says something at most once per interval, with how many times it happened since it last spoke: a
 * Redis outage under load would otherwise write one warning per request.
 */
export class ThrottledWarning {
  private lastAt: number | undefined;
  private unreported = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly warn: (occurrences: number, error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  report(error: unknown): void {
    this.unreported++;
    const now = this.now();
    if (this.lastAt !== undefined && now - this.lastAt < this.intervalMs) return;
    this.warn(this.unreported, error);
    this.lastAt = now;
    this.unreported = 0;
  }
}

const OUTAGE_WARNING_INTERVAL_MS = 60_000;

/** A dependency's outage, said once a minute at most: `message`, the last cause, and how often it happened since. */
export function outageWarning(warn: (fields: { reason: string; occurrences: number }, message: string) => void, message: string): ThrottledWarning {
  return new ThrottledWarning(OUTAGE_WARNING_INTERVAL_MS, (occurrences, error) =>
    warn({ reason: error instanceof Error ? error.message : String(error), occurrences }, message),
  );
}
