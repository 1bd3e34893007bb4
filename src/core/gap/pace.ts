import { normalCdf, normalQuantile } from '../stats/distributions.js';

/** Input of a pace forecast for an additive KPI (revenue, leads …). */
export interface PaceInput {
  /** Days in the whole period. */
  periodDays: number;
  /** Daily values of the current period so far (index 0 = first day); its length is the elapsed days. */
  daily: readonly number[];
  /** Daily values of the previous period (its shape drives the seasonal forecast). */
  previousDaily?: readonly number[];
  /** The KPI target for the period, to report the chance of reaching it. */
  target?: number;
  /** Coverage of the range (default 0.8). */
  level?: number;
}

/** One forecast of the end-of-period value with a range. */
export interface PaceEstimate {
  method: 'linear' | 'seasonal';
  forecast: number;
  low: number;
  high: number;
  /** P(end value ≥ target) under a normal error model; null without a target. */
  probabilityToHit: number | null;
}

export interface PaceForecast {
  soFar: number;
  elapsedDays: number;
  periodDays: number;
  linear: PaceEstimate | null;
  seasonal: PaceEstimate | null;
}

function estimate(
  method: PaceEstimate['method'],
  soFar: number,
  remainingMean: number,
  residualSd: number,
  remainingDays: number,
  level: number,
  target: number | undefined,
): PaceEstimate {
  const forecast = soFar + remainingMean;
  const sd = residualSd * Math.sqrt(Math.max(0, remainingDays));
  const z = normalQuantile(0.5 + level / 2);
  const probabilityToHit =
    target === undefined ? null : sd > 0 ? 1 - normalCdf((target - forecast) / sd) : forecast >= target ? 1 : 0;
  return { method, forecast, low: forecast - z * sd, high: forecast + z * sd, probabilityToHit };
}

function sd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

/**
 * Expected end-of-period value from the period so far: linear run-rate (mean daily value × remaining days) and,
 * given last period's daily values, a seasonal variant that scales last period's remaining days by this period's
 * level so far (days matched by position in the period). Ranges come from the day-to-day spread of the
 * residuals, growing with √(remaining days).
 */
export function paceForecast(input: PaceInput): PaceForecast {
  const level = input.level ?? 0.8;
  const elapsed = Math.min(input.daily.length, input.periodDays);
  const soFar = input.daily.slice(0, elapsed).reduce((a, b) => a + b, 0);
  const remaining = input.periodDays - elapsed;
  if (elapsed === 0) return { soFar, elapsedDays: 0, periodDays: input.periodDays, linear: null, seasonal: null };
  const current = input.daily.slice(0, elapsed);
  const mean = soFar / elapsed;
  const linear = estimate('linear', soFar, mean * remaining, sd(current), remaining, level, input.target);
  let seasonal: PaceEstimate | null = null;
  const prev = input.previousDaily;
  if (prev && prev.length > 0) {
    // map each day of this period to the day at the same relative position last period
    const at = (day: number) =>
      prev[Math.min(prev.length - 1, Math.floor((day * prev.length) / input.periodDays))] ?? 0;
    const prevSoFar = current.reduce((s, _v, d) => s + at(d), 0);
    if (prevSoFar > 0) {
      const scale = soFar / prevSoFar;
      let remainingMean = 0;
      for (let d = elapsed; d < input.periodDays; d++) remainingMean += scale * at(d);
      const residuals = current.map((v, d) => v - scale * at(d));
      seasonal = estimate('seasonal', soFar, remainingMean, sd(residuals), remaining, level, input.target);
    }
  }
  return { soFar, elapsedDays: elapsed, periodDays: input.periodDays, linear, seasonal };
}
