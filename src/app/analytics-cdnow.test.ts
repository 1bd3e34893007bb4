import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitBgNbd, fitGammaGamma, parseOrderLines, predictClv, summariseCustomers } from '../core/clv/index.js';
import { clvFromOrders } from './analytics.js';

const cdnow = readFileSync(new URL('../../data/reference/CDNOW_sample.txt', import.meta.url), 'utf8');

describe('CDNOW sample (Fader, Hardie & Lee 2005)', () => {
  const orders = parseOrderLines(cdnow, 'CDNOW_sample.txt');
  const { customers } = summariseCustomers(orders, {
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'week',
  });

  it('summarises 2357 customers, 946 with repeat purchases', () => {
    expect(customers).toHaveLength(2357);
    expect(customers.filter((c) => c.frequency > 0)).toHaveLength(946);
  });

  it('fits BG/NBD to the published estimates', () => {
    const fit = fitBgNbd(customers);
    expect(fit.r).toBeCloseTo(0.243, 3);
    expect(fit.alpha).toBeCloseTo(4.414, 2);
    expect(fit.a).toBeCloseTo(0.793, 3);
    expect(fit.b).toBeCloseTo(2.426, 2);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
  });

  it('fits Gamma-Gamma to the published estimates', () => {
    const fit = fitGammaGamma(customers);
    expect(fit.p).toBeCloseTo(6.25, 2);
    expect(fit.q).toBeCloseTo(3.74, 2);
    expect(fit.v).toBeCloseTo(15.44, 1);
  });

  it('predicts the hold-out repeat purchases in the right range', () => {
    const model = predictClv(customers, { holdoutLength: 39, horizon: 39 });
    const { actual, predicted } = model.holdout!;
    // sanity check on the 39-week hold-out (weeks 40–78): the aggregate forecast is within ±20 % of the actual
    expect(actual).toBeGreaterThan(1000);
    expect(predicted / actual).toBeGreaterThan(0.8);
    expect(predicted / actual).toBeLessThan(1.2);
    expect(model.customers.every((c) => c.probabilityAlive > 0 && c.probabilityAlive <= 1)).toBe(true);
  });
});

describe('clvFromOrders', () => {
  it('reports the parameters, hold-out and historical CLV', () => {
    const report = clvFromOrders(parseOrderLines(cdnow), { calibrationEnd: '1997-09-30', margin: 0.3 });
    expect(report.params.r).toBeCloseTo(0.243, 3);
    expect(report.params.v).toBeCloseTo(15.44, 1);
    expect(report.holdout?.length).toBe(39);
    expect(report.warnings).toEqual([]);
    expect(report.historical.margin).toBe(0.3);
    expect(report.predictions.every((c) => Number.isFinite(c.clv) && c.clv >= 0)).toBe(true);
  });

  it('warns on a tiny sample', () => {
    const report = clvFromOrders([
      { customerId: 'a', date: '2026-01-01', amount: 10 },
      { customerId: 'a', date: '2026-02-01', amount: 12 },
      { customerId: 'b', date: '2026-01-15', amount: 8 },
    ]);
    expect(report.warnings.map((w) => w.code)).toEqual(['small_sample']);
  });
});
