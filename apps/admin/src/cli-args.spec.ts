import { parseCliArgs, UsageError } from './cli-args';

describe('parseCliArgs', () => {
  it.each([
    [['account', 'show', 'a@b.co'], { kind: 'account-show', email: 'a@b.co' }],
    [['account', 'set', 'a@b.co'], { kind: 'account-set', email: 'a@b.co', changes: {} }],
    [
      ['account', 'set', 'a@b.co', '--plan', 'pro', '--policy=closed', '--verified'],
      { kind: 'account-set', email: 'a@b.co', changes: { plan: 'pro', agent_policy: 'closed', verified: true } },
    ],
    [
      ['key', 'create', 'a@b.co', '--name', 'CI', '--abilities', 'read, write'],
      { kind: 'key-create', email: 'a@b.co', request: { name: 'CI', abilities: ['read', 'write'] } },
    ],
    [['key', 'create', '--abilities=read', 'a@b.co'], { kind: 'key-create', email: 'a@b.co', request: { abilities: ['read'] } }],
    [['key', 'revoke', 'key_abc123'], { kind: 'key-revoke', keyId: 'key_abc123' }],
  ])('%j', (argv, expected) => {
    expect(parseCliArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], /unknown command ""/],
    [['account', 'delete', 'a@b.co'], /unknown command "account delete"/],
    [['account', 'show'], /expected one EMAIL/],
    [['account', 'show', 'a@b.co', 'b@c.de'], /expected one EMAIL/],
    [['account', 'set', 'a@b.co', '--plan'], /--plan needs a value/],
    [['account', 'set', 'a@b.co', '--colour', 'red'], /unknown option --colour/],
    [['key', 'revoke', 'key_abc123', '--plan', 'pro'], /--plan does not apply here/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
