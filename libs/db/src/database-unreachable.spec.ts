import { QueryFailedError } from 'typeorm';
import { isDatabaseUnreachable, retryWhileUnreachable } from './database-unreachable';

const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

describe('isDatabaseUnreachable', () => {
  it('knows network errors, the pool and client timeouts and PostgreSQL shutting down', () => {
    expect(isDatabaseUnreachable(reset)).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnreachable(new Error('Query read timeout'))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnreachable(new QueryFailedError('SELECT 1', [], reset))).toBe(true);
  });

  it('takes a statement the server cancelled (statement_timeout) for the database not answering in time', () => {
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    expect(isDatabaseUnreachable(new QueryFailedError('UPDATE', [], cancelled))).toBe(true);
  });

  it('does not take a refused statement for an outage', () => {
    expect(isDatabaseUnreachable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnreachable(new QueryFailedError('INSERT', [], Object.assign(new Error('x'), { code: '22P02' })))).toBe(false);
    expect(isDatabaseUnreachable(undefined)).toBe(false);
  });
});

describe('retryWhileUnreachable', () => {
  it('retries while unreachable and tells the write it is a retry', async () => {
    const seen: boolean[] = [];
    const result = await retryWhileUnreachable(
      async (retry) => {
        seen.push(retry);
        if (seen.length < 3) throw reset;
        return 'done';
      },
      { windowMs: 5000, firstDelayMs: 1 },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([false, true, true]);
  });

  it('throws any other error at once, and an outage once the window has passed', async () => {
    let calls = 0;
    const refused = Object.assign(new Error('duplicate'), { code: '23505' });
    await expect(retryWhileUnreachable(async () => (calls++, Promise.reject(refused)), { windowMs: 5000, firstDelayMs: 1 })).rejects.toBe(refused);
    expect(calls).toBe(1);
    const started = Date.now();
    await expect(retryWhileUnreachable(() => Promise.reject(reset), { windowMs: 200, firstDelayMs: 20, maxDelayMs: 40 })).rejects.toBe(reset);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
