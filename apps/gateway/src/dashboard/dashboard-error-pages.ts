import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { escapeHtml } from '@app/accounts';
import { ApiError } from '@app/errors';
import { describeUnreachableDependency } from '../http/unreachable-dependency';
import { sendDashboardPage } from './dashboard-page';
import { DashboardRefusal } from './dashboard-refusal';

const REFUSED =
  '<h1>This form was not accepted</h1><p>Nothing was changed. Your session may have ended, or the form came from another page. ' +
  '<a href="/keys">Open the dashboard</a> and try again.</p>';

/**
 * The dashboard answers in HTML: a refused form is the 403 page, a documented error (a rate limit, a
 * validation error, a key of another account) its message as a page with the same status and headers.
 * Anything else is logged (an outage in one line) and becomes the 500 page.
 */
@Catch()
export class DashboardErrorPages implements ExceptionFilter {
  private readonly logger = new Logger(DashboardErrorPages.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return void res.end();
    if (exception instanceof DashboardRefusal) return sendDashboardPage(res, 403, { title: 'Not accepted', bodyHtml: REFUSED });
    if (!(exception instanceof ApiError) && !(exception instanceof HttpException && exception.getStatus() < 500)) {
      const outage = describeUnreachableDependency(exception);
      if (outage) this.logger.warn(outage);
      else this.logger.error({ err: exception }, 'unexpected error');
      return sendDashboardPage(res, 500, { title: 'Something went wrong', bodyHtml: '<h1>Something went wrong</h1><p>Nothing may have changed. Try again in a minute.</p>' });
    }
    const error = exception instanceof ApiError ? exception : new ApiError('not_found', { status: exception.getStatus(), message: exception.message });
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    const fields = Object.entries((error.toBody() as { errors?: Record<string, string[]> }).errors ?? {})
      .map(([field, messages]) => `<li>${escapeHtml(field)}: ${escapeHtml(messages.join(' '))}</li>`)
      .join('');
    sendDashboardPage(res, error.status, {
      title: 'Not done',
      // The limiter's message names key creation, whose counters sign-in shares.
      bodyHtml: `<h1>Not done</h1><p class="error">${escapeHtml(error.code === 'rate_limited' ? 'Too many requests. Try again later.' : error.message)}</p>${fields ? `<ul>${fields}</ul>` : ''}<p><a href="/keys">Back to the dashboard</a></p>`,
    });
  }
}
