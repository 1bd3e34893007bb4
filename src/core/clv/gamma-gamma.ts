import { logGamma } from '../stats/special.js';
import { LOG_BOUND, minimize } from './optimize.js';

/** Gamma-Gamma spend parameters. */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** A repeat customer's spend: x repeat transactions with mean value m. */
export interface SpendSummary {
  frequency: number;
  monetary: number;
}

/** Log-likelihood of one repeat customer's mean spend (Fader, Hardie & Lee 2005, "RFM and CLV"). */
export function gammaGammaLogLikelihood(g: GammaGammaParams, c: SpendSummary): number {
  const { p, q, v } = g;
  const x = c.frequency;
  const m = c.monetary;
  return (
    logGamma(p * x + q) -
    logGamma(p * x) -
    logGamma(q) +
    q * Math.log(v) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(x * m + v)
  );
}

/** Fits Gamma-Gamma by maximum likelihood on customers with at least one repeat purchase and positive spend. */
export function fitGammaGamma(customers: readonly SpendSummary[]): GammaGammaParams & { logLikelihood: number } {
  const rows = customers.filter((c) => c.frequency > 0 && c.monetary > 0);
  if (rows.length === 0) throw new RangeError('Gamma-Gamma needs at least one repeat customer with positive spend');
  const negLL = (logs: number[]) => {
    // keep log-parameters in a sane box: degenerate data (few customers) otherwise drifts to 0 or ∞
    if (logs.some((x) => Math.abs(x) > LOG_BOUND)) return Number.POSITIVE_INFINITY;
    const [p, q, v] = logs.map(Math.exp) as [number, number, number];
    let ll = 0;
    for (const c of rows) ll += gammaGammaLogLikelihood({ p, q, v }, c);
    return -ll;
  };
  const fit = minimize(negLL, [0, 0, 0], { restarts: 6, tolerance: 1e-12 });
  const [p, q, v] = fit.x.map(Math.exp) as [number, number, number];
  return { p, q, v, logLikelihood: -fit.value };
}

/** Expected mean transaction value of a customer given x repeat transactions with mean m (population mean if x = 0). */
export function expectedAverageValue(g: GammaGammaParams, c: SpendSummary): number {
  const { p, q, v } = g;
  if (c.frequency === 0 || q <= 1) return q > 1 ? (p * v) / (q - 1) : Number.NaN;
  return (p * (v + c.frequency * c.monetary)) / (p * c.frequency + q - 1);
}
