import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, validationError } from './api-error';

/** One line saying which dependency could not be reached and why, or null when `exception` says no such thing. */
export type OutageDescriber = (exception: unknown) => string | null;

/** The gateway's one exit for errors: documented bodies only, never a stack trace or SQL text. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  constructor(private readonly describeOutage: OutageDescriber = () => null) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException && exception.getStatus() === 503) {
      // Readiness checks answer 503 with the per-dependency report: an outage, not a fault of this process.
      const report = exception.getResponse() as { error?: unknown };
      this.logger.warn({ dependencies: report.error }, 'not ready');
      if (!response.headersSent) response.status(503).json(report);
      return;
    }
    const error = this.toApiError(exception);
    const outage = exception instanceof ApiError ? null : this.describeOutage(exception);
    if (outage) {
      // During an outage every request fails the same way: one line each, not a stack trace each.
      this.logger.warn(outage);
    } else if (!(exception instanceof ApiError) && error.code === 'internal_error') {
      this.logger.error({ err: exception }, 'unexpected error');
    } else if (error.status >= 500) {
      this.logger.warn({ code: error.code, reason: error.message }, 'request failed');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    response.status(error.status).json(error.toBody());
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (isBodyParserError(exception)) return validationError({ body: [bodyParserMessage(exception)] });
    return new ApiError('internal_error');
  }
}

function fromHttpException(exception: HttpException): ApiError {
  const status = exception.getStatus();
  if (status === 404) return new ApiError('not_found', { message: 'Not found' });
  if (status === 405) return new ApiError('not_found', { message: 'Not found' });
  // Nest turns body-parser failures into plain 400s carrying the parser's own text: never echo that.
  if (status === 400) return validationError({ body: [/JSON/i.test(exception.message) ? 'Body must be valid JSON' : 'Malformed request'] });
  if (status === 413) return validationError({ body: ['Body is too large'] });
  if (status === 415) return validationError({ body: ['Unsupported content type'] });
  if (status === 401) return new ApiError('unauthorized');
  if (status === 403) return new ApiError('forbidden');
  return new ApiError('internal_error');
}

function isBodyParserError(exception: unknown): exception is { type: string; status: number; message: string } {
  return typeof exception === 'object' && exception !== null && typeof (exception as { type?: unknown }).type === 'string' &&
    typeof (exception as { status?: unknown }).status === 'number' && (exception as { status: number }).status < 500;
}

function bodyParserMessage(exception: { type: string }): string {
  if (exception.type === 'entity.parse.failed') return 'Body must be valid JSON';
  if (exception.type === 'entity.too.large') return 'Body is too large';
  return 'Body could not be read';
}
