/** Time the closes after the grace period may take (queues, Redis, database, each bounded on its own). */
export const SHUTDOWN_CLOSE_MARGIN_MS = 10_000;

/**
 * On the first SIGTERM/SIGINT, arms a last resort: a shutdown still running after the grace period and
 * the close margin is stuck somewhere no bound reached, and the process exits 1 rather than hang.
 */
export function armShutdownWatchdog(graceMs: number, log: (message: string) => void): void {
  const arm = (signal: NodeJS.Signals) => {
    process.removeListener('SIGTERM', arm);
    process.removeListener('SIGINT', arm);
    setTimeout(() => {
      log(`shutdown after ${signal} did not end within ${graceMs + SHUTDOWN_CLOSE_MARGIN_MS} ms: exiting`);
      process.exit(1);
    }, graceMs + SHUTDOWN_CLOSE_MARGIN_MS).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}
