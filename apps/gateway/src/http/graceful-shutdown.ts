import type { Server } from 'http';
import type { INestApplication } from '@nestjs/common';
import { settlesWithin } from '@app/jobs';

/** While draining, how often connections that became idle (their response sent) are closed. */
const IDLE_SWEEP_MS = 100;

/**
 * SIGTERM/SIGINT on the gateway: stop accepting connections, let the requests in flight finish within
 * `graceMs` (an upload waiting for its job gets the job's answer), then close the app. Closing answers
 * the requests still waiting for a job with 202 `processing` (JobOutcomeWaiter), so nothing in flight is
 * dropped; every queue, Redis and database close is bounded on its own. Exits 0 when done.
 */
export function drainOnSignals(app: INestApplication, graceMs: number, log: (message: string) => void): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    log(`${signal}: draining in-flight requests (up to ${graceMs} ms)`);
    drainAndClose(app, graceMs).then(
      () => process.exit(0),
      (error) => {
        log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

export async function drainAndClose(app: INestApplication, graceMs: number): Promise<void> {
  const server = app.getHttpServer() as Server;
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections would hold close() open; a connection is closed as soon as its response is out.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  try {
    await settlesWithin(drained, graceMs);
  } finally {
    clearInterval(sweep);
  }
  await app.close();
  // The 202s written while closing go out before the last connections are cut.
  server.closeIdleConnections();
  await settlesWithin(drained, 1000);
  server.closeAllConnections();
}
