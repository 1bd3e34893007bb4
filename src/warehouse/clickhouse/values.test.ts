import { describe, expect, it } from 'vitest';
import {
  baseType,
  fromClickHouse,
  JsonNumber,
  jsonEachRowEncoder,
  paramText,
  placeholderTypes,
  toClickHouse,
} from './values.js';

describe('ClickHouse values', () => {
  it.each([
    ['Nullable(String)', 'String'],
    ['LowCardinality(Nullable(String))', 'String'],
    ["DateTime64(3, 'UTC')", "DateTime64(3, 'UTC')"],
  ])('baseType(%s) = %s', (type, base) => {
    expect(baseType(type)).toBe(base);
  });

  it.each([
    ['UInt64', '3', 3],
    ['UInt64', '18446744073709551615', '18446744073709551615'],
    ['Int64', '-9007199254740993', '-9007199254740993'],
    ['Nullable(Int32)', null, null],
    ['Decimal(38, 2)', 100.4, 100.4],
    ['Float64', '1.5', 1.5],
    ['Bool', true, true],
    ['Date', '2026-03-31', new Date('2026-03-31T00:00:00Z')],
    ["DateTime64(3, 'UTC')", '2026-03-31 15:30:00.250', new Date('2026-03-31T15:30:00.250Z')],
    ["DateTime('Asia/Shanghai')", '2026-03-31 23:30:00', new Date('2026-03-31T23:30:00Z')], // wall clock, as DuckDB
    ['Array(UInt64)', ['1', '2'], [1, 2]],
    ['String', '抖音', '抖音'],
  ])('fromClickHouse(%s, %o)', (type, value, expected) => {
    expect(fromClickHouse(type, value)).toEqual(expected);
  });

  it.each([
    ["DateTime64(3, 'UTC')", new Date('2026-01-02T03:04:05.678Z'), '2026-01-02 03:04:05.678'],
    ["DateTime64(3, 'UTC')", '2026-01-02T11:04:05+08:00', '2026-01-02 03:04:05.000'],
    ["DateTime64(3, 'UTC')", '2026-01-02 03:04:05', '2026-01-02 03:04:05'],
    ["DateTime('UTC')", new Date('2026-01-02T03:04:05.678Z'), '2026-01-02 03:04:05'],
    ['Date', new Date('2026-01-02T00:00:00Z'), '2026-01-02'],
    ['Nullable(Date)', '2026-01-02', '2026-01-02'],
    ['Decimal(18, 2)', '12345678901234.56', new JsonNumber('12345678901234.56')],
    ['Int64', 9007199254740993n, new JsonNumber('9007199254740993')],
    ['Int64', 7, 7],
    ['Bool', 'true', true],
    ['UInt8', false, 0],
    ['String', { a: 1 }, '{"a":1}'],
    ['String', 12, '12'],
    ['Nullable(String)', undefined, null],
  ])('toClickHouse(%s, %o)', (type, value, expected) => {
    expect(toClickHouse(type, value)).toEqual(expected);
  });

  it('writes exact numbers unquoted and everything else as JSON', () => {
    const encode = jsonEachRowEncoder(['a', 'b', 'c', 'd'], ['Decimal(18, 2)', 'String', 'Nullable(String)', 'Int64']);
    expect(encode(['0.10', 'it\'s "x"', null, 9007199254740993n])).toBe(
      '{"a":0.10,"b":"it\'s \\"x\\"","c":null,"d":9007199254740993}',
    );
  });

  it('reads placeholder types and renders parameters for them', () => {
    const types = placeholderTypes("SELECT {p1:String}, {p2:DateTime64(3, 'UTC')}, {p10:Bool}");
    expect([...types]).toEqual([
      [1, 'String'],
      [2, "DateTime64(3, 'UTC')"],
      [10, 'Bool'],
    ]);
    expect(paramText("DateTime64(3, 'UTC')", new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01 00:00:00.000');
    expect(paramText('Bool', false)).toBe('false');
    expect(paramText('Int64', 9007199254740993n)).toBe('9007199254740993');
    expect(paramText('Nullable(String)', null)).toBeNull();
  });
});
