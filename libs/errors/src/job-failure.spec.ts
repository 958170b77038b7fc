import { ApiError } from './api-error';
import { decodeJobFailure, encodeJobFailure, jobFailureToApiError } from './job-failure';
import { fileTooLargeMessage } from './size-message';

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

describe('fileTooLargeMessage', () => {
  it('prints MB of 2^20 bytes with two decimals', () => {
    expect(fileTooLargeMessage(150 * 1024 * 1024, 70 * 1024 * 1024)).toBe('File too large: 150.00 MB. Maximum file size is 70 MB.');
    expect(fileTooLargeMessage(20 * 1024 * 1024 + 5243, 20 * 1024 * 1024)).toBe('File too large: 20.01 MB. Maximum file size is 20 MB.');
  });
});
