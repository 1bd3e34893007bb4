import { ValidationError } from '../errors.js';
import { findKpi, issueField, KPI_CATALOG, type KpiDefinition } from '../kpi/index.js';
import { DEFAULT_BANDS, type Scorecard, type ScorecardItem, type ScoringRule, scorecardSchema } from './schema.js';

/** Validates a scorecard object (from YAML, JSON or a template); errors name the file and the field. */
export function parseScorecard(raw: unknown, file?: string): Scorecard {
  const result = scorecardSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issueField(issue);
  const where = [file, field ? `field ${field}` : ''].filter(Boolean).join(', ');
  throw new ValidationError(`${where || 'scorecard'}: ${issue?.message ?? 'invalid'}`, [
    { ...(file ? { file } : {}), field: field || '(root)' },
  ]);
}

/** The key of an item: its id, else its KPI id, else its qualitative source, else `item<N>`. */
export function itemKey(item: ScorecardItem, index: number): string {
  return item.id ?? item.kpi ?? item.source ?? `item${index + 1}`;
}

/** The numeric target of an item (plain number or SMART record), or null. */
export function targetValue(item: ScorecardItem): number | null {
  if (item.target === null || item.target === undefined) return null;
  return typeof item.target === 'number' ? item.target : item.target.value;
}

/** The rule of an item, defaulting to linear (cap 120%) for KPIs and the 1–5 scale for qualitative items. */
export function itemRule(item: ScorecardItem): ScoringRule {
  if (item.rule) return item.rule;
  return item.kind === 'qualitative'
    ? { type: 'scale', points: [20, 40, 60, 80, 100] }
    : { type: 'linear', floor: 0, cap: 120 };
}

/** Threshold bands rule with the DESIGN.md defaults. */
export function defaultBandsRule(): ScoringRule {
  return { type: 'bands', bands: DEFAULT_BANDS.map((b) => ({ ...b })) };
}

/** Whether an item is scored lower-is-better: its own direction, else the KPI's. */
export function itemDirection(item: ScorecardItem, kpi: KpiDefinition | undefined): 'higher' | 'lower' {
  return item.direction ?? kpi?.direction ?? 'higher';
}

/**
 * Refuses a scorecard that cannot be scored as given: unknown KPI ids, quantitative items without a KPI,
 * duplicate item keys, weights not totalling 100. (lintScorecard reports softer problems as warnings.)
 */
export function validateScorecard(
  card: Scorecard,
  catalog: readonly KpiDefinition[] = KPI_CATALOG,
  file?: string,
): void {
  const fail = (field: string, message: string): never => {
    throw new ValidationError(`${file ? `${file}, ` : ''}field ${field}: ${message}`, [
      { ...(file ? { file } : {}), field },
    ]);
  };
  const seen = new Set<string>();
  card.items.forEach((item, i) => {
    if (item.kind === 'quantitative' && !item.kpi) fail(`items[${i}].kpi`, 'a quantitative item needs a KPI id');
    if (item.kpi && !findKpi(item.kpi, catalog)) fail(`items[${i}].kpi`, `unknown KPI "${item.kpi}"`);
    if (item.kind === 'qualitative' && item.rule && item.rule.type !== 'scale') {
      fail(`items[${i}].rule`, 'qualitative items use the 1–5 scale rule');
    }
    const key = itemKey(item, i);
    if (seen.has(key)) fail(`items[${i}]`, `duplicate item "${key}" (give each item a distinct id)`);
    seen.add(key);
  });
  const total = sumWeights(card.items);
  if (Math.abs(total - 100) > 1e-9) fail('items[].weight', `weights total ${total}, must be 100`);
}

/** Sum of item weights, free of binary noise. */
export function sumWeights(items: readonly { weight: number }[]): number {
  return Math.round(items.reduce((s, i) => s + i.weight, 0) * 1e9) / 1e9;
}
