import { ApiError } from './api-error';
import { decodeJobFailure, encodeJobFailure, jobFailureToApiError } from './job-failure';

describe('job failure encoding', () => {
  it('round-trips a documented failure through a BullMQ reason string', () => {
    const reason = encodeJobFailure({ code: 'fetch_failed', status: 504, message: 'URL fetch timeout' });
    expect(decodeJobFailure(reason)).toEqual({ code: 'fetch_failed', status: 504, message: 'URL fetch timeout' });
    const error = jobFailureToApiError(reason, 'import_failed');
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.toBody()]).toEqual([504, { error: 'fetch_failed', message: 'URL fetch timeout' }]);
  });

  it.each([
    [undefined],
    ['job stalled more than allowable limit'],
    ['imgpro-failure:{not json'],
    ['imgpro-failure:{"code":"made_up","status":500,"message":"x"}'],
  ])('maps an unknown reason %j to the fallback with its default message', (reason) => {
    expect(jobFailureToApiError(reason, 'upload_failed').toBody()).toEqual({ error: 'upload_failed', message: 'Upload failed' });
    expect(jobFailureToApiError(reason, 'import_failed').toBody()).toEqual({ error: 'import_failed', message: 'Import failed' });
  });
});
