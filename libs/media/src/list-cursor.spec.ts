import { decodeCursor, encodeCursor } from './list-cursor';

describe('list cursor', () => {
  it('round-trips a keyset position', () => {
    const position = { createdAtMicros: '1764500000123456', id: 'ab12cd34' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64url', 'a b'],
    ['decodes to garbage', Buffer.from('hello').toString('base64url')],
    ['an id of the wrong shape', Buffer.from('1764500000123456.ABC').toString('base64url')],
    ['a negative time', Buffer.from('-1.ab12cd34').toString('base64url')],
    ['far too long', 'a'.repeat(100)],
  ])('refuses a cursor that is %s', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
