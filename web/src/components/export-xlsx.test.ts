import { describe, expect, it } from 'vitest';
import { safeCell } from './export-xlsx.js';

describe('safeCell (formula-injection safe export)', () => {
  it.each([
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['百度SEM', '百度SEM'],
    [42.5, 42.5],
    [-3, -3],
    [Number.POSITIVE_INFINITY, null],
    [null, null],
    [{ a: 1 }, '{"a":1}'],
  ])('%j → %j', (input, expected) => {
    expect(safeCell(input)).toEqual(expected);
  });
});
