import { describe, expect, it } from 'vitest';
import { buildCalendar, dayNumber, dayString, demoRange, fenToYuan, TimeFormatter, todayIn } from './calendar.js';
import { mqlRuleChangeDate } from './funnel.js';
import { allocate } from './traffic.js';

describe('demo calendar', () => {
  it.each([
    ['2026-11-28', '2025-11-01', 393],
    ['2026-01-01', '2025-01-01', 366],
    ['2024-03-31', '2023-03-01', 397],
    ['2026-12-31', '2025-12-01', 396],
  ])('until %s covers 12 full months before its month: from %s, %i days', (until, from, n) => {
    const days = buildCalendar(until);
    expect(days[0]?.date).toBe(from);
    expect(days.at(-1)?.date).toBe(until);
    expect(days).toHaveLength(n);
    expect(dayString(demoRange(until).first)).toBe(from);
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', ''])('rejects the invalid date "%s"', (bad) => {
    expect(() => dayNumber(bad)).toThrow(RangeError);
  });

  it('weights weekends, 618, 双11 and the 春节 dip', () => {
    const days = new Map(buildCalendar('2026-11-28').map((d) => [d.date, d]));
    const w = (date: string) => days.get(date)?.weight ?? Number.NaN;
    expect(w('2026-03-07')).toBeLessThan(w('2026-03-06')); // Saturday < Friday
    expect(w('2026-06-18')).toBeGreaterThan(1.5 * w('2026-06-25'));
    expect(w('2026-11-11')).toBeGreaterThan(1.8 * w('2026-11-25'));
    expect(w('2026-02-18')).toBeLessThan(0.5 * w('2026-03-18')); // 春节 2026-02-17
    expect(days.get('2026-06-10')?.promo).toBe('618');
    expect(days.get('2026-11-05')?.promo).toBe('double11');
  });

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [12345, '123.45'],
    [100, '1.00'],
    [-250, '-2.50'],
  ])('fen %i → yuan "%s"', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
  });

  it.each([
    [dayNumber('2026-03-01') * 86_400 + 3723, '2026-03-01T01:02:03+08:00'],
    [dayNumber('2026-12-31') * 86_400 + 86_399, '2026-12-31T23:59:59+08:00'],
  ])('formats local seconds %i as %s', (sec, iso) => {
    const fmt = new TimeFormatter();
    expect(fmt.ts(sec)).toBe(iso);
    expect(new Date(iso).getTime()).toBe((sec - 8 * 3600) * 1000);
  });

  it.each([
    [100, [1, 1, 1], [33, 33, 34]],
    [10, [0.5, 2, 0.5], [1, 7, 2]],
    [7, [1], [7]],
  ])('allocates %i over %j exactly', (total, weights, expected) => {
    const out = allocate(total, weights);
    expect(out).toEqual(expected);
    expect(out.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it.each([
    ['2026-11-28', '2026-07-01'],
    ['2026-03-15', '2025-10-01'],
  ])('MQL rule change for until %s is %s (a quarter start near mid-range)', (until, change) => {
    const { first, last } = demoRange(until);
    expect(mqlRuleChangeDate(first, last)).toBe(change);
  });

  it('today in a time zone comes from the instant passed in', () => {
    const now = new Date('2026-03-31T17:30:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2026-04-01');
    expect(todayIn('UTC', now)).toBe('2026-03-31');
  });
});
