import { canonicalEmail, maskEmail } from './email-address';

describe('canonicalEmail', () => {
  it.each([
    ['someone@example.com', 'someone@example.com'],
    [' SomeOne@Example.COM ', 'someone@example.com'],
    ['someone+tag@example.com', 'someone@example.com'],
    ['SOMEONE+a+b@EXAMPLE.com', 'someone@example.com'],
    ['+only@example.com', '+only@example.com'],
  ])('%j counts as %j', (email, canonical) => {
    expect(canonicalEmail(email)).toBe(canonical);
  });
});

describe('maskEmail', () => {
  it('keeps the first letter and the domain', () => {
    expect(maskEmail('alice@example.com')).toBe('a•••@example.com');
  });
});
