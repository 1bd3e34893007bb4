import { type BgNbdParams, expectedPurchases, fitBgNbd, probabilityAlive } from './bgnbd.js';
import { expectedAverageValue, fitGammaGamma, type GammaGammaParams } from './gamma-gamma.js';
import type { CustomerSummary, TimeUnit } from './summary.js';

export interface ClvOptions {
  /** Prediction horizon in time units (default 52 weeks or 365 days). */
  horizon?: number;
  timeUnit?: TimeUnit;
  /** Annual discount rate for CLV (default 0.1). */
  annualDiscountRate?: number;
  /** Profit margin applied to spend (default 1: revenue). */
  margin?: number;
}

/** Per-customer prediction. */
export interface CustomerPrediction {
  customerId: string;
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
  probabilityAlive: number;
  expectedPurchases: number;
  expectedAverageValue: number;
  /** Expected margin over the horizon, discounted. */
  clv: number;
  holdoutFrequency: number | null;
}

/** Fitted models and predictions. */
export interface ClvModel {
  bgnbd: BgNbdParams & { logLikelihood: number };
  gammaGamma: (GammaGammaParams & { logLikelihood: number }) | null;
  horizon: number;
  timeUnit: TimeUnit;
  customers: CustomerPrediction[];
  /** Sum of hold-out repeat purchases, actual vs predicted over the hold-out length (when there is one). */
  holdout: { length: number; actual: number; predicted: number } | null;
}

/**
 * Fits BG/NBD (+ Gamma-Gamma when there are repeat buyers) and predicts per customer: P(alive), expected
 * purchases over the horizon, expected average value and CLV = Σ over up to 52 equal steps of
 * (expected purchases in the step × expected value × margin) / (1 + d)^(step end in years).
 */
export function predictClv(
  customers: readonly CustomerSummary[],
  options: ClvOptions & { holdoutLength?: number } = {},
): ClvModel {
  const timeUnit = options.timeUnit ?? 'week';
  const horizon = options.horizon ?? (timeUnit === 'week' ? 52 : 365);
  const margin = options.margin ?? 1;
  const rate = options.annualDiscountRate ?? 0.1;
  const unitYears = (timeUnit === 'week' ? 7 : 1) / 365.25;
  const bgnbd = fitBgNbd(customers);
  const gammaGamma = customers.some((c) => c.frequency > 0 && c.monetary > 0) ? fitGammaGamma(customers) : null;
  const steps = Math.max(1, Math.min(52, Math.ceil(horizon)));
  const stepLength = horizon / steps;
  let actual = 0;
  let predicted = 0;
  const predictions = customers.map((c) => {
    const value = gammaGamma ? expectedAverageValue(gammaGamma, c) : c.monetary;
    let clv = 0;
    let previous = 0;
    for (let s = 1; s <= steps; s++) {
      const cumulative = expectedPurchases(bgnbd, c, s * stepLength);
      clv += ((cumulative - previous) * value * margin) / (1 + rate) ** (s * stepLength * unitYears);
      previous = cumulative;
    }
    if (options.holdoutLength && c.holdoutFrequency !== null) {
      actual += c.holdoutFrequency;
      predicted += expectedPurchases(bgnbd, c, options.holdoutLength);
    }
    return {
      customerId: c.customerId,
      frequency: c.frequency,
      recency: c.recency,
      T: c.T,
      monetary: c.monetary,
      probabilityAlive: probabilityAlive(bgnbd, c),
      expectedPurchases: previous,
      expectedAverageValue: value,
      clv,
      holdoutFrequency: c.holdoutFrequency,
    };
  });
  return {
    bgnbd,
    gammaGamma,
    horizon,
    timeUnit,
    customers: predictions,
    holdout: options.holdoutLength ? { length: options.holdoutLength, actual, predicted } : null,
  };
}

/** A reason to distrust a CLV fit. */
export interface ClvWarning {
  code: string;
  zh: string;
  en: string;
}

/** Warnings about a fit on too few customers (bilingual). */
export function clvSampleWarnings(customers: number, repeat: number): ClvWarning[] {
  const out: ClvWarning[] = [];
  if (customers < 100 || repeat < 20) {
    out.push({
      code: 'small_sample',
      zh: `样本太小（${customers} 位客户，${repeat} 位复购）：模型参数不可靠，仅供参考`,
      en: `small sample (${customers} customers, ${repeat} repeat): the fitted parameters are unreliable`,
    });
  }
  if (repeat === 0) {
    out.push({
      code: 'no_repeat_customers',
      zh: '没有复购客户：无法拟合 Gamma-Gamma，预测价值为空',
      en: 'no repeat customers: Gamma-Gamma cannot be fitted, predicted values are empty',
    });
  }
  return out;
}
