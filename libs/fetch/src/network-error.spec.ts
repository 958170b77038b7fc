import { FetchError } from './fetch-error';
import { toFetchError } from './network-error';

const errno = (code: string, message = `connect ${code} 10.1.2.3:443`) => Object.assign(new Error(message), { code });

describe('toFetchError', () => {
  it.each([
    ['ENOTFOUND', 'network', 'Could not resolve host img.example', false],
    ['EAI_AGAIN', 'network', 'Could not resolve host img.example', true],
    ['ECONNREFUSED', 'network', 'Connection refused', true],
    ['ECONNRESET', 'network', 'Connection reset', true],
    ['EPIPE', 'network', 'Connection reset', true],
    ['ETIMEDOUT', 'timeout', 'URL fetch timeout', false],
    ['EHOSTUNREACH', 'network', 'Host unreachable', false],
    ['EPROTO', 'network', 'TLS handshake failed', false],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'network', 'TLS handshake failed', false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'network', 'TLS handshake failed', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'network', 'TLS handshake failed', false],
    ['CERT_HAS_EXPIRED', 'network', 'TLS handshake failed', false],
    ['HPE_INVALID_CONSTANT', 'network', 'Invalid HTTP response', false],
    ['Z_DATA_ERROR', 'network', 'Invalid compressed response', false],
    ['ERR__ERROR_FORMAT_PADDING_1', 'network', 'Invalid compressed response', false],
    ['ESOMETHING', 'network', 'Network error', false],
  ])('%s -> %s "%s" (transient: %s)', (code, kind, message, transient) => {
    const mapped = toFetchError(errno(code), 'img.example');
    expect(mapped).toMatchObject({ kind, message, transient });
    expect(mapped.message).not.toContain('10.1.2.3');
  });

  it('keeps FetchErrors as they are', () => {
    const original = new FetchError('blocked', 'URL resolves to a disallowed address');
    expect(toFetchError(original, 'x')).toBe(original);
  });

  it('handles non-Error values', () => {
    expect(toFetchError('boom', 'x')).toMatchObject({ kind: 'network', message: 'Network error' });
    expect(toFetchError(undefined, 'x')).toMatchObject({ kind: 'network', message: 'Network error' });
  });
});
