export interface RestartPolicySettings {
  /** Exits within `windowMs` that count as a crash loop: at this many, give up. */
  maxExits: number;
  windowMs: number;
  /** Wait before the first restart; doubles with each further recent exit, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

export type RestartDecision =
  | { action: 'restart'; delayMs: number; recentExits: number }
  | { action: 'give-up'; recentExits: number };

/**
 * When to restart one supervised process. Only exits within the last `windowMs` count, so a process
 * that has run quietly for a window starts again from the shortest wait.
 */
export class RestartPolicy {
  private exits: number[] = [];

  constructor(
    private readonly settings: RestartPolicySettings,
    private readonly now: () => number = Date.now,
  ) {}

  onExit(): RestartDecision {
    const now = this.now();
    this.exits = [...this.exits.filter((at) => now - at < this.settings.windowMs), now];
    const recentExits = this.exits.length;
    if (recentExits >= this.settings.maxExits) return { action: 'give-up', recentExits };
    const delayMs = Math.min(this.settings.backoffMs * 2 ** (recentExits - 1), this.settings.maxBackoffMs);
    return { action: 'restart', delayMs, recentExits };
  }
}
