import { describe, expect, it } from 'vitest';
import {
  expectedPurchases,
  expectedPurchasesNew,
  historicalClv,
  minimize,
  parseOrderLines,
  probabilityAlive,
  summariseCustomers,
} from './index.js';

describe('BG/NBD formulas on published parameters', () => {
  const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  it.each<[string, () => number, number]>([
    // FHL 2005 / Hardie's note: a customer with x=2, t_x=30.43, T=38.86 expects 1.226 purchases in 39 weeks
    [
      'conditional expectation x=2, t_x=30.43, T=38.86, t=39',
      () => expectedPurchases(p, { frequency: 2, recency: 30.43, T: 38.86 }, 39),
      1.226,
    ],
    [
      'with no history the conditional expectation is the unconditional one',
      () => expectedPurchases(p, { frequency: 0, recency: 0, T: 0 }, 52) - expectedPurchasesNew(p, 52),
      0,
    ],
    ['P(alive) for a one-timer is 1', () => probabilityAlive(p, { frequency: 0, recency: 0, T: 30 }), 1],
  ])('%s', (_name, f, expected) => {
    expect(f()).toBeCloseTo(expected, 2);
  });
});

describe('helpers', () => {
  it('Nelder–Mead finds the Rosenbrock minimum', () => {
    const fit = minimize((x) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2, [-1.2, 1]);
    expect(fit.x[0]).toBeCloseTo(1, 4);
    expect(fit.x[1]).toBeCloseTo(1, 4);
  });

  it('merges same-day orders and measures recency and T', () => {
    const { customers } = summariseCustomers(
      [
        { customerId: 'c1', date: '2026-01-01', amount: 10 },
        { customerId: 'c1', date: '2026-01-01', amount: 5 },
        { customerId: 'c1', date: '2026-01-15', amount: 20 },
        { customerId: 'c1', date: '2026-01-29', amount: 40 },
        { customerId: 'c2', date: '2026-02-12', amount: 7 },
      ],
      { timeUnit: 'week' },
    );
    expect(customers).toEqual([
      expect.objectContaining({ customerId: 'c1', frequency: 2, recency: 4, T: 6, monetary: 30, revenueFen: 7500 }),
      expect.objectContaining({ customerId: 'c2', frequency: 0, recency: 0, T: 0, monetary: 0 }),
    ]);
  });

  it('computes historical CLV exactly in fen with a margin', () => {
    const result = historicalClv(
      [
        { customerId: 'a', date: '2026-01-01', amount: 0.1 },
        { customerId: 'a', date: '2026-01-02', amount: 0.2 },
        { customerId: 'b', date: '2026-03-01', amount: 100 },
        { customerId: 'b', date: '2027-01-01', amount: 999 },
      ],
      { from: '2026-01-01', to: '2026-12-31', margin: 0.5 },
    );
    expect(result.customers).toEqual([
      { customerId: 'a', orders: 2, revenueFen: 30, marginFen: 15 },
      { customerId: 'b', orders: 1, revenueFen: 10000, marginFen: 5000 },
    ]);
    expect(result.meanFen).toBe(2508);
  });

  it.each([
    ['csv', 'customer_id,date,amount\nc1,2026-01-05,12.50\n', [{ customerId: 'c1', date: '2026-01-05', amount: 12.5 }]],
    ['cdnow', ' 00004 0001 19970101  2   29.33\n', [{ customerId: '0001', date: '1997-01-01', amount: 29.33 }]],
  ])('parses %s order lines', (_name, text, expected) => {
    expect(parseOrderLines(text)).toEqual(expected);
  });

  it.each([
    ['bad date', 'customer_id,date,amount\nc1,2026-13-05,1\n', /row 2, column date/],
    ['bad amount', 'customer_id,date,amount\nc1,2026-01-05,abc\n', /row 2, column amount/],
    ['no amount column', 'customer_id,date\nc1,2026-01-05\n', /no amount column/],
  ])('rejects %s', (_name, text, message) => {
    expect(() => parseOrderLines(text, 'o.csv')).toThrow(message);
  });
});
