import { isConnectionErrorCode } from '@app/errors';

// Besides network errors, PostgreSQL's connection-class codes: the database went away, the statement itself was fine.
// 08: connection exception; 57P01-57P03: the server shutting down or starting up; 57014: a statement
// cancelled, as statement_timeout does (see data-source-options.ts) when the database does not answer in time.
const SERVER_CODES = /^(08...|57P0[123]|57014)$/;
const CLIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i;

/** Whether `error` says the database could not be reached (rather than that it refused the statement). */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, driverError } = error as { code?: unknown; message?: unknown; driverError?: unknown };
  if (isConnectionErrorCode(code) || (typeof code === 'string' && SERVER_CODES.test(code))) return true;
  if (typeof message === 'string' && CLIENT_MESSAGES.test(message)) return true;
  // TypeORM's QueryFailedError wraps the driver's error.
  return driverError !== undefined && driverError !== error && isDatabaseUnreachable(driverError);
}

export interface RetryWhileUnreachableOptions {
  /** Gives up (rethrows the last error) once this long has passed since the first attempt. */
  windowMs: number;
  /** The first pause; each next one doubles, up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Told of each failed attempt that will be retried. */
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `write` again, with backoff, for as long as it fails because the database is unreachable and
 * `windowMs` has not passed: a database restart is outlasted. Any other error is thrown at once. `write`
 * is told whether it is a retry: an earlier attempt may have committed before its answer was lost.
 */
export async function retryWhileUnreachable<T>(write: (retry: boolean) => Promise<T>, options: RetryWhileUnreachableOptions): Promise<T> {
  const started = Date.now();
  let delay = options.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(attempt > 1);
    } catch (error) {
      if (!isDatabaseUnreachable(error) || Date.now() + delay - started > options.windowMs) throw error;
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 2000);
    }
  }
}
