import { hasAdminBearer, isAdminRequest } from './admin-auth';

describe('isAdminRequest', () => {
  const token = 's3cret-token';
  const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

  it.each([
    [`Bearer ${token}`, true],
    [`bearer ${token}`, true],
    [basic('admin', token), true],
    [basic('anyone', token), true],
    [`Bearer ${token}x`, false],
    [basic('admin', 'wrong'), false],
    ['Basic ' + Buffer.from(token).toString('base64'), false],
    [undefined, false],
    ['', false],
    [token, false],
  ])('%j → %s', (header, expected) => {
    expect(isAdminRequest(header, token)).toBe(expected);
  });
});

describe('hasAdminBearer', () => {
  const token = 's3cret-token';

  it.each([
    [`Bearer ${token}`, true],
    [`bearer  ${token}`, true],
    ['Basic ' + Buffer.from(`admin:${token}`).toString('base64'), false],
    [`Bearer ${token}x`, false],
    ['Bearer', false],
    [undefined, false],
    [token, false],
  ])('%j → %s', (header, expected) => {
    expect(hasAdminBearer(header, token)).toBe(expected);
  });
});
