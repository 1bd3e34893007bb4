import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent100, formatShare, formatValue, yuan } from './format.js';

describe('formatValue', () => {
  it.each([
    [11801.6, 'currency', '¥11,801.6'],
    [0.0669878, 'ratio', '6.7%'],
    [1105, 'count', '1,105'],
    [45.4545, 'index', '45.45'],
    [null, 'count', '—'],
    [Number.NaN, 'ratio', '—'],
  ])('%s %s → %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});

describe('percent helpers', () => {
  it.each([
    [formatPercent100(66.667), '66.7%'],
    [formatPercent100(null), '—'],
    [formatShare(0.25), '25%'],
    [formatShare(undefined), '—'],
    [formatNumber(2.12345), '2.12'],
    [formatNumber(2.5, 0), '3'],
  ])('%s = %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe('yuan', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123456, '1,234.56'],
    [1000000000, '10,000,000.00'],
    [-250, '-2.50'],
  ])('%i fen → %s', (fen, text) => {
    expect(yuan(fen)).toBe(text);
  });
});
