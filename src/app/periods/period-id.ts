import { ValidationError } from '../../core/errors.js';

/** Kinds of assessment period. */
export type PeriodKind = 'month' | 'quarter' | 'year';

/** An assessment period id parsed into its kind and inclusive local dates. */
export interface PeriodSpan {
  id: string;
  kind: PeriodKind;
  start_date: string;
  end_date: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses `2026-Q4`, `2026-03` or `2026` into kind and dates; anything else is a 422 on `field`. */
export function parseAssessmentPeriod(id: string, field = 'id'): PeriodSpan {
  let m = /^(\d{4})-Q([1-4])$/.exec(id);
  if (m) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    const first = (q - 1) * 3 + 1;
    return {
      id,
      kind: 'quarter',
      start_date: `${year}-${pad(first)}-01`,
      end_date: `${year}-${pad(first + 2)}-${pad(lastDay(year, first + 2))}`,
    };
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(id);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    return { id, kind: 'month', start_date: `${id}-01`, end_date: `${id}-${pad(lastDay(year, month))}` };
  }
  if (/^\d{4}$/.test(id)) return { id, kind: 'year', start_date: `${id}-01-01`, end_date: `${id}-12-31` };
  throw new ValidationError(`field ${field}: "${id}" is not a period (use 2026-Q4, 2026-03 or 2026)`, [{ field }]);
}

/** The period of the same kind just before `id` (2026-Q1 → 2025-Q4). */
export function previousAssessmentPeriod(id: string): string {
  const p = parseAssessmentPeriod(id);
  const year = Number(id.slice(0, 4));
  if (p.kind === 'year') return String(year - 1);
  if (p.kind === 'quarter') {
    const q = Number(id.slice(6));
    return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  }
  const month = Number(id.slice(5));
  return month === 1 ? `${year - 1}-12` : `${year}-${pad(month - 1)}`;
}

/** The period of the same kind just after `id`. */
export function nextAssessmentPeriod(id: string): string {
  const p = parseAssessmentPeriod(id);
  const year = Number(id.slice(0, 4));
  if (p.kind === 'year') return String(year + 1);
  if (p.kind === 'quarter') {
    const q = Number(id.slice(6));
    return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
  }
  const month = Number(id.slice(5));
  return month === 12 ? `${year + 1}-01` : `${year}-${pad(month + 1)}`;
}
