import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsvText, sniffDelimiter } from './read/csv.js';
import { parseDay, parseInstant } from './schema/dates.js';
import { cleanNumber, parseDuration, parseInteger, parseMoney, parseNumber, roundDecimal } from './schema/numbers.js';
import { normaliseEmail, normalisePhone } from './secret.js';

const TZ = 'Asia/Shanghai';

describe('parseInstant', () => {
  it.each([
    ['2026-03-01', '2026-02-28T16:00:00.000Z'],
    ['2026/3/1', '2026-02-28T16:00:00.000Z'],
    ['20260301', '2026-02-28T16:00:00.000Z'],
    ['2026-03-01 12:00:00', '2026-03-01T04:00:00.000Z'],
    ['2026-03-01 12:00', '2026-03-01T04:00:00.000Z'],
    ['2026-03-01T12:00:00+08:00', '2026-03-01T04:00:00.000Z'],
    ['2026-03-01T04:00:00Z', '2026-03-01T04:00:00.000Z'],
    ['2026-03-01T12:00:00.250+0800', '2026-03-01T04:00:00.250Z'],
    ['2026年3月1日', '2026-02-28T16:00:00.000Z'],
    ['2026年3月1日 12:30', '2026-03-01T04:30:00.000Z'],
    ['03/01/2026 12:00 PM', '2026-03-01T04:00:00.000Z'],
    ['January 1, 2026', '2025-12-31T16:00:00.000Z'],
    ['Mar 31, 2026', '2026-03-30T16:00:00.000Z'],
  ])('%s -> %s', (text, iso) => {
    expect(parseInstant(text, TZ)?.toISOString()).toBe(iso);
  });

  it.each(['2026-13-01', '2026-02-30', '2026-03-01 25:00', 'yesterday', '', '2026-3'])('rejects %j', (text) => {
    expect(parseInstant(text, TZ)).toBeUndefined();
  });

  it('applies daylight saving in other zones', () => {
    expect(parseInstant('2026-07-01 12:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(parseInstant('2026-01-01 12:00', 'Europe/Berlin')?.toISOString()).toBe('2026-01-01T11:00:00.000Z');
  });
});

describe('parseDay', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['20260301', '2026-03-01'],
    ['2026/3/1', '2026-03-01'],
    ['2026-03-01 23:59:59', '2026-03-01'],
    ['2026-03-01T20:00:00Z', '2026-03-02'],
    ['March 31, 2026', '2026-03-31'],
  ])('%s -> %s', (text, day) => {
    expect(parseDay(text, TZ)).toBe(day);
  });
});

describe('numbers', () => {
  it.each([
    ['1,234.56', '1234.56'],
    ['¥1,299', '1299.00'],
    ['￥ 88.8', '88.80'],
    ['1.005', '1.01'],
    ['-0.004', '0.00'],
    ['2.675', '2.68'],
    ['12345678901234.99', '12345678901234.99'],
    ['100元', '100.00'],
    ['CNY 7.5', '7.50'],
    [0.1 + 0.2, '0.30'],
    ['(12.50)', '-12.50'],
  ])('parseMoney(%j) = %s', (input, out) => {
    expect(parseMoney(input)).toBe(out);
  });

  it.each(['abc', '12%', '1.2.3', '1,23'])('parseMoney rejects %j', (input) => {
    expect(parseMoney(input)).toBeUndefined();
  });

  it.each([
    ['45.2%', 0.452],
    ['< 10%', 0.1],
    ['"795,836"'.replace(/"/g, ''), 795836],
    ['3.5', 3.5],
  ])('parseNumber(%j) = %s', (input, out) => {
    expect(parseNumber(input)).toBeCloseTo(out, 10);
  });

  it.each([
    ['795,836', 795836],
    ['12.0', 12],
    ['12.5', undefined],
    ['--', undefined],
  ])('parseInteger(%j) = %s', (input, out) => {
    expect(parseInteger(input)).toBe(out);
  });

  it.each([
    ['00:03:12', 192],
    ['03:12', 192],
    ['1h 2m 3s', 3723],
    ['45.5', 45.5],
    ['2分30秒', 150],
  ])('parseDuration(%j) = %s', (input, out) => {
    expect(parseDuration(input)).toBe(out);
  });

  it('roundDecimal is exact for long decimals', () => {
    expect(roundDecimal('0.995', 2)).toBe('1.00');
    expect(roundDecimal('99999999999999999.994', 2)).toBe('99999999999999999.99');
    expect(cleanNumber(' --')).toBeUndefined();
  });
});

describe('identifiers', () => {
  it.each([
    ['+86 138-0013-8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['(010) 6552-9988', '01065529988'],
    ['12', undefined],
  ])('normalisePhone(%j) = %s', (input, out) => {
    expect(normalisePhone(input)).toBe(out);
  });

  it('normaliseEmail lower-cases and validates', () => {
    expect(normaliseEmail('  Alice@Example.COM ')).toBe('alice@example.com');
    expect(normaliseEmail('not-an-email')).toBeUndefined();
  });
});

describe('csv', () => {
  it.each([
    ['a,b,c\n1,2,3\n4,5,6', ','],
    ['a;b;c\n"1,5";2;3\n4;5;6', ';'],
    ['a\tb\tc\n1\t2\t3', '\t'],
    ['a|b|c\n1|2|3', '|'],
    ['Campaign report\n"January 1, 2026 - March 31, 2026"\nA,B,C,D\n1,2,3,4\n5,6,7,8', ','],
  ])('sniffs the delimiter of %j', (text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });

  it('parses quotes, doubled quotes, CRLF and newlines inside quotes with line numbers', () => {
    const rows = parseCsvText('a,b\r\n"x, ""y""",2\r\n"multi\nline",3\r\nlast,4');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, "y"', '2'] },
      { line: 3, cells: ['multi\nline', '3'] },
      { line: 5, cells: ['last', '4'] },
    ]);
  });

  it('gives the same rows whatever the chunk boundaries', () => {
    const text = 'id,name\r\n1,"a ""quoted"" name"\r\n2,"x\r\ny"\r\n3,plain\r\n';
    const whole = parseCsvText(text, ',');
    for (let size = 1; size < 7; size++) {
      const parser = new CsvParser(',');
      const rows = [];
      for (let i = 0; i < text.length; i += size) rows.push(...parser.push(text.slice(i, i + size)));
      rows.push(...parser.end());
      expect(rows).toEqual(whole);
    }
  });
});
