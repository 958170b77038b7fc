import { Module } from '@nestjs/common';
import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@app/config';
import { prettyStream } from './pretty-stream';
import { REDACTED, REDACTED_LOG_PATHS, redactRequest, redactResponse } from './request-log-redaction';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The caller's X-Request-Id when it is sane, else a new one; echoed on every response. Idempotent: the
 * id already given to this response is kept, so the early middleware and the logger agree.
 */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const given = res.getHeader('X-Request-Id');
  if (typeof given === 'string') return given;
  const id = requestIdOf(req);
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The caller's X-Request-Id when it is sane, else a new one: for an answer written whole with `writeHead`. */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID_PATTERN.test(sent) ? sent : randomUUID();
}

/** Plain Express middleware, mounted before the body parsers so that their errors carry the id too. */
export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  requestIdFor(req, res);
  next();
}

/** Logs for both apps, JSON or readable lines (LOG_FORMAT): request id on HTTP logs, job id on worker logs. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const options = {
          level: config.logLevel,
          genReqId: requestIdFor,
          // Request logs hold no key, cookie, Idempotency-Key or signed link (SPEC §1).
          redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
          serializers: { req: redactRequest, res: redactResponse },
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
        };
        return { pinoHttp: config.logFormat === 'pretty' ? [options, prettyStream()] : options };
      },
    }),
  ],
})
export class LoggingModule {}
