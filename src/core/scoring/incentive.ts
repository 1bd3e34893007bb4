import { ValidationError } from '../errors.js';
import { type Decimal, fenToNumber, formatFen, mulFen, parseDecimal, rescale, toFen } from '../money/index.js';
import type { CommissionRule, IncentiveRules } from './schema.js';

/** What the incentive needs to know about one scored item. */
export interface IncentiveItem {
  kpi: string;
  actual: number | null;
  target: number | null;
  direction: 'higher' | 'lower';
  /** This card's credit share of a joint KPI (1 when not joint). */
  share: number;
}

export interface CommissionLine {
  kpi: string;
  actual: number | null;
  target: number | null;
  /** The part above target (below it for lower-is-better), as decimal text. */
  excess: string;
  share: number;
  fen: number;
  note?: 'missing_actual' | 'missing_target' | 'no_item' | 'capped';
}

/** Incentive in exact money (integer fen). */
export interface Incentive {
  band: string;
  base_fen: number;
  coefficient: string;
  bonus_fen: number;
  commission_fen: number;
  total_fen: number;
  total_yuan: string;
  commissions: CommissionLine[];
}

/** Scale used to strip binary noise from measured values (e.g. ROI 0.35000000000000003) before money maths. */
const NOISE_SCALE = 9;

function decimalText(units: bigint, scale: number): string {
  const negative = units < 0n;
  const abs = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? abs : `${abs.slice(0, -scale)}.${abs.slice(-scale)}`.replace(/\.?0+$/, '');
  return negative ? `-${text}` : text;
}

function commissionFor(rule: CommissionRule, item: IncentiveItem | undefined): CommissionLine {
  const line = (fen: bigint, excess: bigint, note?: CommissionLine['note']): CommissionLine => ({
    kpi: rule.kpi,
    actual: item?.actual ?? null,
    target: item?.target ?? null,
    excess: decimalText(excess, NOISE_SCALE),
    share: item?.share ?? 1,
    fen: fenToNumber(fen),
    ...(note ? { note } : {}),
  });
  if (!item) return line(0n, 0n, 'no_item');
  if (item.actual === null) return line(0n, 0n, 'missing_actual');
  if (item.target === null) return line(0n, 0n, 'missing_target');
  const actual = rescale(parseDecimal(item.actual, `actual of ${rule.kpi}`), NOISE_SCALE);
  const target = rescale(parseDecimal(item.target, `target of ${rule.kpi}`), NOISE_SCALE);
  const diff = item.direction === 'higher' ? actual - target : target - actual;
  const excess = diff > 0n ? diff : 0n;
  let fen: bigint;
  if (rule.rate !== undefined) {
    const excessFen = rescale({ units: excess, scale: NOISE_SCALE }, 2);
    fen = mulFen(excessFen, rule.rate, `commission rate of ${rule.kpi}`);
  } else {
    const step = rescale(parseDecimal(rule.step ?? 0, `commission step of ${rule.kpi}`), NOISE_SCALE);
    if (step <= 0n) throw new ValidationError(`incentive.commissions (${rule.kpi}) field step: must be positive`);
    fen = (excess / step) * toFen(rule.amount ?? 0, `commission amount of ${rule.kpi}`);
  }
  if (item.share !== 1) fen = mulFen(fen, item.share, `joint share of ${rule.kpi}`);
  if (rule.cap !== undefined) {
    const cap = toFen(rule.cap, `commission cap of ${rule.kpi}`);
    if (fen > cap) return line(cap, excess, 'capped');
  }
  return line(fen, excess);
}

/** Bonus = base × band coefficient + commission on the part of each KPI above target, all in integer fen. */
export function computeIncentive(rules: IncentiveRules, band: string, items: readonly IncentiveItem[]): Incentive {
  const base = toFen(rules.base, 'incentive.base');
  const coefficientRaw = rules.coefficients[band] ?? 0;
  const coefficient: Decimal = parseDecimal(coefficientRaw, `incentive.coefficients.${band}`);
  const bonus = mulFen(base, coefficient);
  const commissions = rules.commissions.map((rule) =>
    commissionFor(
      rule,
      items.find((i) => i.kpi === rule.kpi),
    ),
  );
  const commission = commissions.reduce((sum, c) => sum + BigInt(c.fen), 0n);
  const total = bonus + commission;
  return {
    band,
    base_fen: fenToNumber(base),
    coefficient: decimalText(coefficient.units, coefficient.scale),
    bonus_fen: fenToNumber(bonus),
    commission_fen: fenToNumber(commission),
    total_fen: fenToNumber(total),
    total_yuan: formatFen(total),
    commissions,
  };
}
