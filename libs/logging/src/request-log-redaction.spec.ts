import { redactedRequestUrl, redactRequest, redactResponse } from './request-log-redaction';

describe('request log redaction', () => {
  it.each([
    '/verify?t=abc&exp=1&sig=xyz',
    '/upgrade/pro?t=abc&exp=1&sig=xyz',
    '/keys/approve?t=abc&exp=1&sig=xyz',
    '/sign-in/confirm?t=abc&exp=1&sig=xyz',
    '/VERIFY/?t=abc&exp=1&sig=xyz',
  ])('hides the query of the signed link %s', (url) => {
    const redacted = redactedRequestUrl(url);
    expect(redacted).toMatch(/\?\[redacted\]$/);
    expect(redacted).not.toMatch(/abc|xyz/);
  });

  it('leaves other queries alone', () => {
    expect(redactedRequestUrl('/v1/media?limit=20&tags=cat')).toBe('/v1/media?limit=20&tags=cat');
    expect(redactedRequestUrl('/verify')).toBe('/verify');
    expect(redactedRequestUrl('/verifyx?t=1')).toBe('/verifyx?t=1');
  });

  it('hides the parsed query too', () => {
    expect(redactRequest({ url: '/verify?t=abc', query: { t: 'abc' }, method: 'GET' })).toEqual({ url: '/verify?[redacted]', query: '[redacted]', method: 'GET' });
  });

  it("hides a signed link in a response's Location (a form's 303 back to the link's page), and leaves others alone", () => {
    expect(redactResponse({ statusCode: 303, headers: { location: '/verify?t=abc&exp=1&sig=xyz&done=keep' } })).toEqual({
      statusCode: 303,
      headers: { location: '/verify?[redacted]' },
    });
    expect(redactResponse({ statusCode: 303, headers: { location: '/media?tags=x&done=deleted&id=abcd1234' } }).headers).toEqual({
      location: '/media?tags=x&done=deleted&id=abcd1234',
    });
    expect(redactResponse({ statusCode: 200, headers: {} })).toEqual({ statusCode: 200, headers: {} });
  });
});
