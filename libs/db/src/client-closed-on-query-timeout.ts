import { Client } from 'pg';

/** node-postgres's error for a query that outlived query_timeout. */
const QUERY_READ_TIMEOUT = 'Query read timeout';

/**
 * A node-postgres client that closes itself when one of its queries outlives query_timeout. node-postgres
 * fails that query but keeps waiting on the connection for the server's answer, and queues every later
 * query behind it: from a server that will never answer (a host that black-holes the connection) they all
 * hang until their own timeouts, and the pool, told nothing, keeps handing the client out. Closed, its
 * queued queries fail at once and the pool discards it on release, so the next checkout opens a fresh
 * connection.
 */
export class ClientClosedOnQueryTimeout extends Client {
  // pg's query has a dozen overloads (promise, callback, submittable); all pass through unchanged.
  override query(...args: any[]): any {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => {
        this.closeIfTimedOut(error);
        callback(error, result);
      };
    }
    const result = (super.query as (...queryArgs: unknown[]) => unknown).apply(this, args);
    if (isThenable(result)) result.then(undefined, (error) => this.closeIfTimedOut(error));
    return result;
  }

  private closeIfTimedOut(error: unknown): void {
    // end() marks the client ending at once (the pool checks that on release) and, with the timed-out
    // query still waiting for its answer, drops the socket rather than saying goodbye over it.
    if (error instanceof Error && error.message === QUERY_READ_TIMEOUT) void this.end().catch(() => undefined);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
