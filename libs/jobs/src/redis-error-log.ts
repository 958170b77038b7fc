import { isConnectionErrorCode } from '@app/errors';
import { outageWarning } from '@app/logging';

/**
 * The one rule for errors a BullMQ queue or worker emits: Redis being unreachable is an outage, said as a
 * throttled warning (one line a minute, not one per reconnect attempt); anything else is an error record.
 */
/** Nest's Logger and nestjs-pino's PinoLogger both fit. */
interface FieldLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export function redisErrorLog(logger: FieldLogger, emitter: 'queue' | 'worker'): (error: Error, fields?: Record<string, unknown>) => void {
  const unreachable = outageWarning((fields, message) => logger.warn(fields, message), `${emitter} Redis unreachable`);
  return (error, fields = {}) => {
    if (isConnectionErrorCode((error as NodeJS.ErrnoException).code)) unreachable.report(error);
    else logger.error({ ...fields, err: error }, `${emitter} error`);
  };
}
