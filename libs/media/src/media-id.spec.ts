import { generateMediaId, MEDIA_ID_PATTERN } from './media-id';

describe('generateMediaId', () => {
  it('draws again rather than answer an all-digit id, which BullMQ refuses as a job id', () => {
    const draws = ['12345678', '00000000', '1234567a'];
    expect(generateMediaId(() => draws.shift()!)).toBe('1234567a');
    expect(draws).toEqual([]);
  });

  it('answers 8 characters of [a-z0-9] with at least one letter', () => {
    for (let n = 0; n < 1000; n++) {
      const id = generateMediaId();
      expect(id).toMatch(MEDIA_ID_PATTERN);
      expect(id).toMatch(/[a-z]/);
    }
  });
});
