import { describe, expect, it } from 'vitest';
import { isoWeeksInYear, parsePeriod, periodsBetween, previousPeriod, trailingMonths } from './index.js';

const SH = 'Asia/Shanghai';

describe('parsePeriod', () => {
  it.each([
    ['2026', 'year', '2026-01-01', '2026-12-31', '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2026-Q1', 'quarter', '2026-01-01', '2026-03-31', '2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    ['2026-q4', 'quarter', '2026-10-01', '2026-12-31', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2026-02', 'month', '2026-02-01', '2026-02-28', '2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29', '2024-01-31T16:00:00.000Z', '2024-02-29T16:00:00.000Z'],
    ['2026-W01', 'week', '2025-12-29', '2026-01-04', '2025-12-28T16:00:00.000Z', '2026-01-04T16:00:00.000Z'],
    ['2026-W14', 'week', '2026-03-30', '2026-04-05', '2026-03-29T16:00:00.000Z', '2026-04-05T16:00:00.000Z'],
    ['2020-W53', 'week', '2020-12-28', '2021-01-03', '2020-12-27T16:00:00.000Z', '2021-01-03T16:00:00.000Z'],
    [
      '2026-01-01..2026-03-31',
      'range',
      '2026-01-01',
      '2026-03-31',
      '2025-12-31T16:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
    ],
  ])('%s in Asia/Shanghai', (text, kind, startDate, endDate, start, end) => {
    const p = parsePeriod(text, SH);
    expect(p).toMatchObject({ kind, startDate, endDate });
    expect(p.start.toISOString()).toBe(start);
    expect(p.end.toISOString()).toBe(end);
  });

  it('puts 23:30 +08:00 on the last day of a quarter inside that quarter', () => {
    const q1 = parsePeriod('2026-Q1', SH);
    const instant = new Date('2026-03-31T23:30:00+08:00');
    expect(instant >= q1.start && instant < q1.end).toBe(true);
    const q2 = parsePeriod('2026-Q2', SH);
    expect(instant >= q2.start).toBe(false);
  });

  it.each([
    // DST: New York switches 2026-03-08 (spring) and 2026-11-01 (fall)
    ['2026-03', 'America/New_York', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
    ['2026-11', 'America/New_York', '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'],
    ['2026-03-29..2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['2026-01', 'UTC', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
  ])('%s in %s respects DST', (text, tz, start, end) => {
    const p = parsePeriod(text, tz);
    expect(p.start.toISOString()).toBe(start);
    expect(p.end.toISOString()).toBe(end);
  });

  it('finds the first instant of a day whose midnight DST skips (Santiago 2026-09-06)', () => {
    const p = parsePeriod('2026-09-06..2026-09-06', 'America/Santiago');
    // clocks jump from 00:00 (-04) to 01:00 (-03): the day starts at 03:00 UTC
    expect(p.start.toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });

  it.each([
    ['2026-13', /month must be/],
    ['2026-W54', /ISO weeks 01–53/],
    ['2025-W53', /ISO weeks 01–52/],
    ['2026-02-30..2026-03-01', /not a calendar date/],
    ['2026-03-31..2026-01-01', /ends before/],
    ['Q1', /expected 2026/],
  ])('rejects %s', (text, message) => {
    expect(() => parsePeriod(text, SH)).toThrow(message);
  });

  it('rejects an unknown time zone', () => {
    expect(() => parsePeriod('2026', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2026', '2025'],
    ['2026-Q1', '2025-Q4'],
    ['2026-Q3', '2026-Q2'],
    ['2026-01', '2025-12'],
    ['2026-03', '2026-02'],
    ['2026-W01', '2025-W52'],
    ['2021-W01', '2020-W53'],
    ['2026-W14', '2026-W13'],
    ['2026-03-01..2026-03-31', '2026-01-29..2026-02-28'],
  ])('%s → %s', (text, prev) => {
    expect(previousPeriod(parsePeriod(text, SH)).id).toBe(prev);
  });
});

describe('period lists', () => {
  it('lists the quarters between two periods', () => {
    const ids = periodsBetween(parsePeriod('2025-Q3', SH), parsePeriod('2026-Q2', SH)).map((p) => p.id);
    expect(ids).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
  });

  it('gives 12 trailing months for a quarter', () => {
    const months = trailingMonths(parsePeriod('2026-Q1', SH), 12).map((p) => p.id);
    expect(months[0]).toBe('2025-04');
    expect(months[11]).toBe('2026-03');
    expect(months).toHaveLength(12);
  });

  it.each([
    [2020, 53],
    [2025, 52],
    [2026, 53],
    [2032, 53],
  ])('ISO year %i has %i weeks', (year, weeks) => {
    expect(isoWeeksInYear(year)).toBe(weeks);
  });
});
