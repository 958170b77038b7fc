import type { IncomingMessage } from 'http';
import { chunkedBodyLimit, declaredOverCap, MULTIPART_ALLOWANCE_BYTES } from './upload-size-limits';
import { LINGER_MAX_BYTES } from '../http/early-answer-close';

const MB = 1024 * 1024;
const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('upload size limits', () => {
  it('refuses a declared body only past the cap plus the multipart allowance', () => {
    expect(declaredOverCap(request({ 'content-length': String(21 * MB) }), 20 * MB)).toBeUndefined();
    expect(declaredOverCap(request({ 'content-length': String(21 * MB + 1) }), 20 * MB)).toBe(21 * MB + 1);
  });

  it('leaves a chunked body to the streaming limits, even with a Content-Length beside it', () => {
    expect(declaredOverCap(request({ 'transfer-encoding': 'chunked' }), 20 * MB)).toBeUndefined();
    expect(declaredOverCap(request({ 'transfer-encoding': 'chunked', 'content-length': String(99 * MB) }), 20 * MB)).toBeUndefined();
  });

  it('stops a chunked body early enough that the lingering close still fits within the allowance', () => {
    const limit = chunkedBodyLimit(20 * MB);
    expect(limit).toBeGreaterThan(20 * MB);
    expect(limit + LINGER_MAX_BYTES).toBeLessThan(20 * MB + MULTIPART_ALLOWANCE_BYTES);
  });
});
