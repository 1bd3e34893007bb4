import { describe, expect, it } from 'vitest';
import {
  evaluateFormula,
  type FormulaResult,
  formatFormula,
  formulaInputs,
  formulaMeasures,
  type MeasureValues,
  parseFormula,
} from './formula.js';

describe('parseFormula', () => {
  it.each([
    ['visitors', 'visitors'],
    ['spend / leads', 'spend / leads'],
    ['(attributed_revenue - spend) / spend', '(attributed_revenue - spend) / spend'],
    ['(nps_promoters-nps_detractors)/nps_responses*100', '((nps_promoters - nps_detractors) / nps_responses) * 100'],
    ['growth(brand_search_volume)', 'growth(brand_search_volume)'],
    ['-prev(leads) + 2.5e1', '-prev(leads) + 25'],
    ['leads - sqls - mqls', '(leads - sqls) - mqls'],
  ])('parses %s', (text, printed) => {
    expect(formatFormula(parseFormula(text))).toBe(printed);
  });

  it.each([
    ['', /empty formula/],
    ['foo / leads', /unknown measure "foo"/],
    ['spend / ', /unexpected end/],
    ['(spend / leads', /expected "\)"/],
    ['spend leads', /unexpected "leads"/],
    ['growth(spend / leads)', /expected "\)"/],
    ['growth(2)', /takes one measure name/],
    ['spend % leads', /unexpected character "%"/],
  ])('rejects %j', (text, message) => {
    expect(() => parseFormula(text)).toThrow(message);
  });
});

describe('formulaMeasures', () => {
  it.each([
    ['spend / leads', ['spend', 'leads'], []],
    ['growth(brand_search_volume)', ['brand_search_volume'], ['brand_search_volume']],
    ['leads - prev(leads)', ['leads'], ['leads']],
    ['prev(sqls) / 2', [], ['sqls']],
  ])('%s', (text, current, previous) => {
    const ast = parseFormula(text);
    expect(formulaInputs(ast)).toEqual({ current, previous });
    expect(formulaMeasures(ast).sort()).toEqual([...new Set([...current, ...previous])].sort());
  });
});

describe('evaluateFormula', () => {
  it.each([
    ['spend / leads', { spend: 1000, leads: 40 }, {}, { value: 25 }],
    ['spend / leads', { spend: 1000, leads: 0 }, {}, { value: null, reason: 'division_by_zero' }],
    ['spend / leads', { spend: 0, leads: 0 }, {}, { value: null, reason: 'division_by_zero' }],
    ['spend / leads', { spend: 1000 }, {}, { value: null, reason: 'missing_measure' }],
    ['spend / leads', { spend: 1000, leads: null }, {}, { value: null, reason: 'missing_measure' }],
    ['spend / leads', { spend: Number.NaN, leads: 2 }, {}, { value: null, reason: 'missing_measure' }],
    ['(attributed_revenue - spend) / spend', { attributed_revenue: 300, spend: 100 }, {}, { value: 2 }],
    ['(attributed_revenue - spend) / spend', { attributed_revenue: 0, spend: 100 }, {}, { value: -1 }],
    ['growth(brand_search_volume)', { brand_search_volume: 120 }, { brand_search_volume: 100 }, { value: 0.2 }],
    [
      'growth(brand_search_volume)',
      { brand_search_volume: 120 },
      { brand_search_volume: 0 },
      { value: null, reason: 'division_by_zero' },
    ],
    ['growth(brand_search_volume)', { brand_search_volume: 120 }, {}, { value: null, reason: 'missing_measure' }],
    [
      '(nps_promoters - nps_detractors) / nps_responses * 100',
      { nps_promoters: 5, nps_detractors: 7, nps_responses: 20 },
      {},
      { value: -10 },
    ],
    ['-leads * 0', { leads: 3 }, {}, { value: 0 }],
  ] as [string, MeasureValues, MeasureValues, FormulaResult][])('%s with %j', (text, values, prev, expected) => {
    const result = evaluateFormula(parseFormula(text), values, prev);
    if (typeof expected.value === 'number') expect(result.value).toBeCloseTo(expected.value, 12);
    else expect(result).toEqual(expected);
    expect(result.reason).toBe(expected.reason);
  });
});
