import { ValidationError } from '../errors.js';
import type { RfSummary } from './bgnbd.js';
import type { SpendSummary } from './gamma-gamma.js';

/** One order: customer, local calendar day (YYYY-MM-DD) and amount. */
export interface OrderLine {
  customerId: string;
  date: string;
  amount: number;
}

export type TimeUnit = 'day' | 'week';

/** Calibration-period summary of one customer (times in the chosen unit), plus hold-out counts. */
export interface CustomerSummary extends RfSummary, SpendSummary {
  customerId: string;
  firstDate: string;
  lastDate: string;
  /** Revenue in the calibration period, in fen (exact). */
  revenueFen: number;
  /** Repeat purchase days in the hold-out period (calibrationEnd, observationEnd]; null without a hold-out. */
  holdoutFrequency: number | null;
}

const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a YYYY-MM-DD date; throws on a malformed date. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new ValidationError(`invalid date "${date}" (expected YYYY-MM-DD)`, []);
  }
  return ms / DAY_MS;
}

/** YYYY-MM-DD of a day number. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Summarises orders per customer for BG/NBD and Gamma-Gamma: orders on the same day merge into one purchase;
 * frequency = purchase days after the first, recency = last − first purchase day, T = calibration end − first
 * purchase day (in days or weeks), monetary = mean spend of the repeat purchase days. Customers whose first
 * purchase is after the calibration end are left out.
 */
export function summariseCustomers(
  orders: Iterable<OrderLine>,
  options: { calibrationEnd?: string; observationEnd?: string; timeUnit?: TimeUnit } = {},
): { customers: CustomerSummary[]; calibrationEnd: string; observationEnd: string } {
  const byCustomer = new Map<string, Map<number, number>>();
  let maxDay = Number.NEGATIVE_INFINITY;
  for (const o of orders) {
    const day = dayNumber(o.date);
    maxDay = Math.max(maxDay, day);
    let days = byCustomer.get(o.customerId);
    if (!days) {
      days = new Map();
      byCustomer.set(o.customerId, days);
    }
    days.set(day, (days.get(day) ?? 0) + Math.round(o.amount * 100));
  }
  const observationEnd = options.observationEnd ? dayNumber(options.observationEnd) : maxDay;
  const calibrationEnd = options.calibrationEnd ? dayNumber(options.calibrationEnd) : observationEnd;
  if (calibrationEnd > observationEnd) {
    throw new ValidationError('the calibration end must not be after the observation end', [
      { field: 'calibration-end' },
    ]);
  }
  const unit = options.timeUnit === 'day' ? 1 : 7;
  const hasHoldout = observationEnd > calibrationEnd;
  const customers: CustomerSummary[] = [];
  for (const [customerId, days] of byCustomer) {
    const sorted = [...days.keys()].sort((x, y) => x - y);
    const calibration = sorted.filter((d) => d <= calibrationEnd);
    const first = calibration[0];
    if (first === undefined) continue;
    const last = calibration[calibration.length - 1]!;
    const repeatFen = calibration.slice(1).reduce((s, d) => s + days.get(d)!, 0);
    const frequency = calibration.length - 1;
    customers.push({
      customerId,
      firstDate: dayString(first),
      lastDate: dayString(last),
      frequency,
      recency: (last - first) / unit,
      T: (calibrationEnd - first) / unit,
      monetary: frequency > 0 ? repeatFen / frequency / 100 : 0,
      revenueFen: calibration.reduce((s, d) => s + days.get(d)!, 0),
      holdoutFrequency: hasHoldout ? sorted.filter((d) => d > calibrationEnd && d <= observationEnd).length : null,
    });
  }
  return { customers, calibrationEnd: dayString(calibrationEnd), observationEnd: dayString(observationEnd) };
}
