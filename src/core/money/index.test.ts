import { describe, expect, it } from 'vitest';
import { divRound, formatFen, mulFen, parseDecimal, splitFen, toFen } from './index.js';

describe('money', () => {
  it.each([
    ['0.1', 10n],
    [0.1 + 0.2, 30n],
    [1.005, 101n],
    ['12345.675', 1234568n],
    [-2.5, -250n],
    ['-0.005', -1n],
    [1e-7, 0n],
    [1.5e21, 150000000000000000000000n],
    ['.5', 50n],
  ])('toFen(%j) = %s', (yuan, fen) => {
    expect(toFen(yuan)).toBe(fen);
  });

  it.each(['abc', '1,000', '', '1.2.3', Number.NaN, Number.POSITIVE_INFINITY])('rejects %j', (value) => {
    expect(() => toFen(value as string | number, 'base')).toThrow(/base/);
  });

  it.each([
    [1_000_000n, '1.2', 1_200_000n],
    [1_000_000n, 0.3, 300_000n],
    [333n, '0.5', 167n],
    [-333n, '0.5', -167n],
    [10_000n, 0.1 + 0.2, 3_000n],
    [99_999n, '0.015', 1_500n],
  ])('mulFen(%s, %j) = %s', (fen, factor, expected) => {
    expect(mulFen(fen, factor)).toBe(expected);
  });

  it.each([
    [123456n, '1234.56'],
    [5n, '0.05'],
    [-105n, '-1.05'],
    [0n, '0.00'],
  ])('formatFen(%s) = %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it.each([
    [100n, ['1', '1', '1'], [34n, 33n, 33n]],
    [1000n, [0.6, 0.4], [600n, 400n]],
    [1n, ['0.5', '0.5'], [1n, 0n]],
    [-100n, ['1', '1', '1'], [-34n, -33n, -33n]],
  ])('splitFen(%s, %j) sums exactly', (fen, shares, parts) => {
    const result = splitFen(fen, shares);
    expect(result).toEqual(parts);
    expect(result.reduce((a, b) => a + b, 0n)).toBe(fen);
  });

  it('parses and rounds', () => {
    expect(parseDecimal('0.30')).toEqual({ units: 30n, scale: 2 });
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
  });
});
