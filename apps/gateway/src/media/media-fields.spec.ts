import { FieldErrorCollector } from '../common/validation';
import { parseMediaFields, parseTags, parseTtl } from './media-fields';

describe('media field rules', () => {
  it('trims, lowercases and de-duplicates tags', () => {
    expect(parseTags(' Cat,dog , CAT,,')).toEqual({ value: ['cat', 'dog'] });
    expect(parseTags(['A', 'a'])).toEqual({ value: ['a'] });
    expect(parseTags(Array.from({ length: 11 }, (_, i) => `t${i}`).join(','))).toEqual({ error: 'Must have at most 10 tags' });
    expect(parseTags(Array.from({ length: 10 }, (_, i) => `t${i}`).join(',') + ',t0')).toHaveProperty('value');
    expect(parseTags([1, 2])).toEqual({ error: 'Must be a comma-separated list of tags' });
  });

  it.each([
    ['300', 300],
    [300, 300],
    ['5m', 300],
    ['2h', 7200],
    ['90d', 90 * 86400],
  ])('accepts ttl %j as %d seconds', (input, seconds) => {
    expect(parseTtl(input)).toEqual({ value: seconds });
  });

  it.each([
    ['299', 'Must be at least 300 seconds (5m)'],
    ['4m', 'Must be at least 300 seconds (5m)'],
    ['91d', 'Must be at most 90 days (90d)'],
    ['soon', 'Must be a number of seconds or a duration like 5m, 12h or 30d'],
    [1.5, 'Must be a number of seconds or a duration like 5m, 12h or 30d'],
    [true, 'Must be a number of seconds or a duration like 5m, 12h or 30d'],
  ])('refuses ttl %j', (input, error) => {
    expect(parseTtl(input)).toEqual({ error });
  });

  it('collects every field error at once and ignores absent or empty values', () => {
    const errors = new FieldErrorCollector();
    const fields = parseMediaFields({ namespace: 'a', public: 'yes', name: '', date: '2026-13-45', description: 7 }, errors);
    expect(fields).toEqual({});
    expect(() => errors.throwIfAny()).toThrow();
    try {
      errors.throwIfAny();
    } catch (error) {
      expect((error as { toBody(): unknown }).toBody()).toEqual({
        error: 'validation_error',
        message: 'Validation failed',
        errors: {
          namespace: ['Must be lowercase alphanumeric with hyphens'],
          public: ['Must be true or false'],
          date: ['Must be an ISO 8601 date or datetime'],
          description: ['Must be a string'],
        },
      });
    }
  });

  it('parses a full valid set', () => {
    const errors = new FieldErrorCollector();
    const fields = parseMediaFields(
      { tags: 'a,b', namespace: 'my-app', public: '0', ttl: '1h', name: ' x.png ', date: '2026-03-04T05:06:07Z', description: 'd' },
      errors,
    );
    expect(errors.isEmpty).toBe(true);
    expect(fields).toEqual({
      tags: ['a', 'b'],
      namespace: 'my-app',
      public: false,
      ttlSeconds: 3600,
      name: 'x.png',
      date: new Date('2026-03-04T05:06:07Z'),
      description: 'd',
    });
  });
});
