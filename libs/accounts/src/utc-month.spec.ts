import { nextUtcMonthStart, utcMonthOf } from './utc-month';

describe('UTC months', () => {
  it('names a month by its first day, in UTC whatever the instant', () => {
    expect(utcMonthOf(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-01');
    expect(utcMonthOf(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
    expect(utcMonthOf(new Date('2026-03-01T00:30:00+01:00'))).toBe('2026-02-01');
  });

  it('resets at the first instant of the next month', () => {
    expect(nextUtcMonthStart(new Date('2026-12-15T10:00:00Z'))).toBe(Date.parse('2027-01-01T00:00:00Z') / 1000);
    expect(nextUtcMonthStart(new Date('2026-02-28T23:59:59Z'))).toBe(Date.parse('2026-03-01T00:00:00Z') / 1000);
  });
});
