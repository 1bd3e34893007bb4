import { hypergeometric2F1 } from '../stats/hypergeometric.js';
import { logGamma } from '../stats/special.js';
import { LOG_BOUND, minimize } from './optimize.js';

/** BG/NBD parameters: purchase rate Gamma(r, α), dropout Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Recency/frequency summary of one customer in the calibration period (times in the chosen unit). */
export interface RfSummary {
  /** Repeat purchases (purchase days after the first). */
  frequency: number;
  /** Time from first purchase to last purchase (t_x). */
  recency: number;
  /** Time from first purchase to the end of calibration. */
  T: number;
}

/** Log-likelihood of one customer under BG/NBD (Fader, Hardie & Lee 2005, eq. 6). */
export function bgnbdLogLikelihood(p: BgNbdParams, c: RfSummary): number {
  const { r, alpha, a, b } = p;
  const x = c.frequency;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + c.T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + c.recency);
  const m = Math.max(a3, a4);
  return a1 + a2 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
}

/** Fits BG/NBD by maximum likelihood (Nelder–Mead on log-parameters with restarts). */
export function fitBgNbd(customers: readonly RfSummary[]): BgNbdParams & { logLikelihood: number } {
  if (customers.length === 0) throw new RangeError('BG/NBD needs at least one customer');
  // identical (x, t_x, T) rows share one likelihood term
  const groups = new Map<string, { c: RfSummary; n: number }>();
  for (const c of customers) {
    const key = `${c.frequency}|${c.recency}|${c.T}`;
    const g = groups.get(key);
    if (g) g.n += 1;
    else groups.set(key, { c, n: 1 });
  }
  const rows = [...groups.values()];
  const negLL = (logs: number[]) => {
    // keep log-parameters in a sane box: degenerate data (few customers) otherwise drifts to 0 or ∞
    if (logs.some((x) => Math.abs(x) > LOG_BOUND)) return Number.POSITIVE_INFINITY;
    const [r, alpha, a, b] = logs.map(Math.exp) as [number, number, number, number];
    let ll = 0;
    for (const { c, n } of rows) ll += n * bgnbdLogLikelihood({ r, alpha, a, b }, c);
    return -ll;
  };
  const fit = minimize(negLL, [0, 0, 0, 0], { restarts: 6, tolerance: 1e-12 });
  const [r, alpha, a, b] = fit.x.map(Math.exp) as [number, number, number, number];
  return { r, alpha, a, b, logLikelihood: -fit.value };
}

/** Probability that a customer is still alive at the end of calibration. */
export function probabilityAlive(p: BgNbdParams, c: RfSummary): number {
  if (c.frequency === 0) return 1;
  const { r, alpha, a, b } = p;
  const x = c.frequency;
  const logTerm = Math.log(a) - Math.log(b + x - 1) + (r + x) * Math.log((alpha + c.T) / (alpha + c.recency));
  return 1 / (1 + Math.exp(logTerm));
}

/** Expected purchases in (T, T + t] given the customer's history (FHL 2005, eq. 10). */
export function expectedPurchases(p: BgNbdParams, c: RfSummary, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const x = c.frequency;
  const z = t / (alpha + c.T + t);
  const hyp = hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  const first = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + c.T) / (alpha + c.T + t)) ** (r + x) * hyp);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * ((alpha + c.T) / (alpha + c.recency)) ** (r + x) : 1;
  return first / denominator;
}

/** Expected purchases of a new customer in (0, t] (unconditional, FHL 2005 eq. 7). */
export function expectedPurchasesNew(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hypergeometric2F1(r, b, a + b - 1, z));
}
