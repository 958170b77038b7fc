import { protocolError } from './protocol-error';

describe('protocolError', () => {
  it.each([
    ['malformed', 400, 'request'],
    ['headers_too_large', 431, 'headers'],
    ['timeout', 408, 'request'],
    ['expectation_failed', 417, 'expect'],
  ] as const)('%s keeps HTTP %d and names the %s', (failure, status, field) => {
    const error = protocolError(failure);
    expect(error.status).toBe(status);
    expect(error.toBody()).toEqual({ error: 'validation_error', message: 'Validation failed', errors: { [field]: [expect.any(String)] } });
  });
});
