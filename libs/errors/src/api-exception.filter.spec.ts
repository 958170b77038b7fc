import { ArgumentsHost, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';

function capture() {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    headersSent: false,
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  return { sent, host };
}

describe('ApiExceptionFilter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers a failed readiness check with its report, logged as a warning and not as an unexpected error', () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const report = { status: 'error', error: { storage: { status: 'down', message: 'storage is not reachable' } } };
    const { sent, host } = capture();
    new ApiExceptionFilter().catch(new ServiceUnavailableException(report), host);
    expect(sent).toEqual({ status: 503, body: report });
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).toHaveBeenCalledWith({ dependencies: report.error }, 'not ready');
  });

  it('logs an exception it does not know as an unexpected error and answers internal_error', () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { sent, host } = capture();
    new ApiExceptionFilter().catch(new TypeError('boom'), host);
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ error: 'internal_error' });
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('logs a dependency it is told is unreachable as one warning line, and still answers internal_error', () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const refused = new Error('connect ECONNREFUSED');
    const { sent, host } = capture();
    new ApiExceptionFilter((exception) => (exception === refused ? 'database unreachable: connect ECONNREFUSED' : null)).catch(refused, host);
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ error: 'internal_error' });
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).toHaveBeenCalledWith('database unreachable: connect ECONNREFUSED');
  });
});
