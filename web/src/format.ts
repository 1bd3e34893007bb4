/** Display formatting of numbers by KPI unit (values themselves come from the API). */

const groups = (digits: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: digits });

/** A KPI value for display: currency ¥ with grouping, ratios as %, counts as integers. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'currency':
      return `¥${groups(2).format(value)}`;
    case 'ratio':
      return `${groups(1).format(value * 100)}%`;
    case 'count':
      return groups(0).format(value);
    default:
      return groups(2).format(value);
  }
}

/** A percentage already on a 0–100 scale (achievement, points). */
export function formatPercent100(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${groups(1).format(value)}%`;
}

/** A share 0–1 as a percentage. */
export function formatShare(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${groups(1).format(value * 100)}%`;
}

/** A plain number with up to `digits` decimals. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '—';
  return groups(digits).format(value);
}

/** Integer fen as a yuan amount with two decimals and thousands separators (integer arithmetic, no floats). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}
