import { ConditionalHeaders, httpDate, isNotModified, rangeStillApplies, Validators } from './conditional-request';

const validators: Validators = { etag: '"abc-12"', lastModified: new Date('2026-01-02T03:04:05.678Z') };
const modified = 'Fri, 02 Jan 2026 03:04:05 GMT';
const anHourEarlier = 'Fri, 02 Jan 2026 02:04:05 GMT';

describe('isNotModified', () => {
  it.each<[string, ConditionalHeaders, boolean]>([
    ['no condition', {}, false],
    ['the exact tag', { 'if-none-match': '"abc-12"' }, true],
    ['the tag in a list', { 'if-none-match': '"x", "abc-12" ,"y"' }, true],
    ['the tag in a list without spaces', { 'if-none-match': '"x","abc-12"' }, true],
    ['the weak form (weak comparison)', { 'if-none-match': 'W/"abc-12"' }, true],
    ['*', { 'if-none-match': ' * ' }, true],
    ['other tags only', { 'if-none-match': '"x", W/"y"' }, false],
    ['a tag that only contains ours', { 'if-none-match': '"abc-123"' }, false],
    ['an unquoted tag', { 'if-none-match': 'abc-12' }, false],
    ['If-Modified-Since at Last-Modified', { 'if-modified-since': modified }, true],
    ['If-Modified-Since later', { 'if-modified-since': 'Sat, 03 Jan 2026 00:00:00 GMT' }, true],
    ['If-Modified-Since earlier', { 'if-modified-since': anHourEarlier }, false],
    ['If-Modified-Since not a date', { 'if-modified-since': 'yesterday' }, false],
    ['If-Modified-Since a bare number', { 'if-modified-since': '1' }, false],
    ['If-Modified-Since ignored beside a non-matching If-None-Match', { 'if-none-match': '"x"', 'if-modified-since': modified }, false],
  ])('%s', (_case, headers, expected) => {
    expect(isNotModified(headers, validators)).toBe(expected);
  });
});

describe('rangeStillApplies', () => {
  it.each<[string, ConditionalHeaders, boolean]>([
    ['no If-Range', {}, true],
    ['the current tag', { 'if-range': '"abc-12"' }, true],
    ['a stale tag', { 'if-range': '"abc-11"' }, false],
    ['the weak form (strong comparison fails)', { 'if-range': 'W/"abc-12"' }, false],
    ['a list (one validator only)', { 'if-range': '"abc-12", "x"' }, false],
    ['Last-Modified exactly', { 'if-range': modified }, true],
    ['Last-Modified in RFC 850 form', { 'if-range': 'Friday, 02-Jan-26 03:04:05 GMT' }, true],
    ['an earlier date', { 'if-range': anHourEarlier }, false],
    ['a later date', { 'if-range': 'Sat, 03 Jan 2026 00:00:00 GMT' }, false],
    ['garbage', { 'if-range': 'not a validator' }, false],
    ['empty', { 'if-range': '' }, false],
  ])('%s', (_case, headers, expected) => {
    expect(rangeStillApplies(headers, validators)).toBe(expected);
  });
});

describe('httpDate', () => {
  it('drops the milliseconds and formats as IMF-fixdate', () => {
    expect(httpDate(validators.lastModified)).toBe(modified);
  });
});
