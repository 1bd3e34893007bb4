import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../clv/summary.js';
import { churnRate, cohortRetention, repurchaseRate, rfmSegments } from './index.js';

const o = (customerId: string, date: string, amount = 10): OrderLine => ({ customerId, date, amount });
const orders = [
  o('a', '2026-01-05'),
  o('a', '2026-02-10'),
  o('a', '2026-03-01'),
  o('b', '2026-01-20'),
  o('b', '2026-03-15'),
  o('c', '2026-02-02'),
  o('c', '2026-02-20'),
  o('d', '2026-03-30'),
];

describe('retention', () => {
  it('builds the cohort matrix (acquisition month × months since)', () => {
    expect(cohortRetention(orders)).toEqual([
      { cohort: '2026-01', size: 2, active: [2, 1, 2], retention: [1, 0.5, 1] },
      { cohort: '2026-02', size: 1, active: [1, 0], retention: [1, 0] },
      { cohort: '2026-03', size: 1, active: [1], retention: [1] },
    ]);
  });

  it.each<[string, { from: string; to: string }, number, number, number | null]>([
    ['Q1', { from: '2026-01-01', to: '2026-03-31' }, 4, 3, 0.75],
    ['February', { from: '2026-02-01', to: '2026-02-28' }, 2, 1, 0.5],
    ['empty window', { from: '2025-01-01', to: '2025-01-31' }, 0, 0, null],
  ])('repurchase rate in %s', (_name, window, customers, repeat, rate) => {
    expect(repurchaseRate(orders, window)).toEqual({ customers, repeatCustomers: repeat, rate });
  });

  it('churn: active in February, gone in March', () => {
    expect(
      churnRate(orders, { from: '2026-02-01', to: '2026-02-28' }, { from: '2026-03-01', to: '2026-03-31' }),
    ).toEqual({ previousActive: 2, churned: 1, rate: 0.5 });
  });

  it('scores RFM quintiles and names segments', () => {
    const result = rfmSegments(
      [
        o('big', '2026-03-30', 500),
        o('big', '2026-03-01', 500),
        o('lost', '2025-01-01', 1),
        o('mid', '2026-02-01', 50),
      ],
      '2026-03-31',
    );
    const by = Object.fromEntries(result.map((c) => [c.customerId, c]));
    expect(by.big).toMatchObject({ recencyDays: 1, frequency: 2, monetaryFen: 100000, segment: 'important_value' });
    expect(by.lost).toMatchObject({ r: 1, f: 1, m: 1, segment: 'general_winback' });
    expect(by.mid?.r).toBe(2);
  });
});
