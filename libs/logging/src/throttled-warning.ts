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
