import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import { jointSchema, scoringRuleSchema } from '../../core/scoring/schema.js';

/** SMART target of an item: KPI (the item's), number, baseline, data source, deadline, owner. */
export const targetSchema = z.object({
  value: z.number().nullable(),
  baseline: z.number().nullable().default(null),
  data_source: z.string().nullable().default(null),
  deadline: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .nullable()
    .default(null),
  owner: z.string().nullable().default(null),
});
export type ItemTarget = z.infer<typeof targetSchema>;

/** Qualitative inputs a scorecard item takes its 1–5 value from (manager: the manager assessment). */
export const QUALITATIVE_SOURCES = ['feedback_360', 'self_report', 'manager', 'other'] as const;

/** One scorecard item as stored (JSON in scorecards.items). */
export const cardItemSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, _ or -'),
  kpi: z.string().min(1),
  name_zh: z.string().nullable().default(null),
  name_en: z.string().nullable().default(null),
  kind: z.enum(['quantitative', 'qualitative']),
  weight: z.number().min(0).max(100),
  /** Scoring rule (linear/bands/binary/scale); null = the scoring engine's default for the kind. */
  rule: scoringRuleSchema.nullable().default(null),
  /** Where a qualitative item's 1–5 value comes from. */
  source: z.enum(QUALITATIVE_SOURCES).nullable().default(null),
  /** Metric scope (dimension → value); a person's card defaults to owner=<person>. */
  scope: z.record(z.string(), z.string()).default({}),
  target: targetSchema.nullable().default(null),
  /** KPI definition in force from this date (YYYY-MM-DD) to compute the item with; null = the period's own. */
  version: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .nullable()
    .default(null),
  /** Item id on the team scorecard of the same period that this item rolls up to. */
  rolls_up_to: z.string().nullable().default(null),
  /** Joint KPI (跨部门联合KPI): this card's credit share and the partners' shares (sum ≤ 1). */
  joint: jointSchema.nullable().default(null),
  /** Actual for KPIs declared manual, with who/when. */
  manual_actual: z.object({ value: z.number(), by: z.string(), at: z.string() }).nullable().default(null),
});
export type CardItem = z.infer<typeof cardItemSchema>;
export type CardItemInput = z.input<typeof cardItemSchema>;

/** Validates items from a request; errors name the item index and field. */
export function parseItems(input: unknown, field = 'items'): CardItem[] {
  const parsed = z.array(cardItemSchema).min(1, 'needs at least one item').safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = [field, ...(issue?.path ?? [])].join('.');
    throw new ValidationError(`field ${where}: ${issue?.message}`, [{ field: where }]);
  }
  const seen = new Set<string>();
  for (const [i, item] of parsed.data.entries()) {
    if (seen.has(item.id)) {
      throw new ValidationError(`field ${field}.${i}.id: duplicate item id "${item.id}"`, [
        { field: `${field}.${i}.id` },
      ]);
    }
    seen.add(item.id);
    if (item.joint) {
      const sum = item.joint.share + item.joint.partners.reduce((a, p) => a + p.share, 0);
      if (sum > 1 + 1e-9) {
        throw new ValidationError(`field ${field}.${i}.joint: credit shares add up to ${sum}, more than 1`, [
          { field: `${field}.${i}.joint` },
        ]);
      }
    }
  }
  return parsed.data;
}
