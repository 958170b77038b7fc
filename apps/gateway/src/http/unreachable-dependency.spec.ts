import { QueryFailedError } from 'typeorm';
import { describeUnreachableDependency } from './unreachable-dependency';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
// What the S3 client throws when the store cuts the connection: a network error it has marked as its own.
const storageReset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', name: 'TimeoutError', $metadata: { attempts: 2 } });

describe('describeUnreachableDependency', () => {
  it('names the database and the cause for a connection refused, cut or timed out', () => {
    expect(describeUnreachableDependency(refused)).toBe('database unreachable: connect ECONNREFUSED 127.0.0.1:5432');
    expect(describeUnreachableDependency(new Error('Connection terminated unexpectedly'))).toBe('database unreachable: Connection terminated unexpectedly');
    expect(describeUnreachableDependency(new QueryFailedError('SELECT 1', [], new Error('Query read timeout')))).toBe('database unreachable: Query read timeout');
  });

  it('names storage for the S3 client network errors', () => {
    expect(describeUnreachableDependency(storageReset)).toBe('storage unreachable: read ECONNRESET');
  });

  it('leaves any other error alone', () => {
    expect(describeUnreachableDependency(new TypeError('boom'))).toBeNull();
    expect(describeUnreachableDependency(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBeNull();
    expect(describeUnreachableDependency(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }))).toBeNull();
  });
});
