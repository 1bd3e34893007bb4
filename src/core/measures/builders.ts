import type { MeasureId } from './ids.js';
import type { AggregateMeasure, CustomerMeasure, ExperimentMeasure, Filter, MeasurePart, ValueExpr } from './types.js';

/** A column of the measure's table. */
export const col = (name: string): ValueExpr => ({ col: name });
/** Excludes rows flagged as bots at import. */
export const notBot: Filter = { col: 'is_bot', op: 'eq', value: false };
/** The stitched person, else the raw visitor id. */
export const person: ValueExpr = { coalesce: [col('person_key'), col('visitor_id')] };
/** Events of one or more types. */
export const eventType = (...types: string[]): Filter =>
  types.length === 1
    ? { col: 'event_type', op: 'eq', value: types[0]! }
    : { col: 'event_type', op: 'in', value: types };
/** One part: rows whose time column is in the period and that pass the filters. */
export const within = (time: string, ...filters: Filter[]): MeasurePart[] => [{ time: col(time), filters }];

/** Event types that count a visitor as converted (site conversion rate). */
export const CONVERSION_EVENT_TYPES = ['form_submit', 'signup', 'purchase'];
/** Order statuses that were paid at order time (refunded orders were paid, then refunded). */
export const PAID_STATUSES = ['paid', 'refunded'];
/** Lead-score threshold and excluded segment of the v2 MQL rule (from 2026-04-01). */
export const MQL_V2_MIN_SCORE = 60;
export const MQL_V2_EXCLUDED_SEGMENT = 'student';

/** v2 MQL rule: lead score ≥ 60, or no score and a segment other than 'student'. */
const mqlV2: Filter[] = [
  {
    any: [
      { col: 'lead_score', op: 'gte', value: MQL_V2_MIN_SCORE },
      {
        all: [
          { col: 'lead_score', op: 'is_null' },
          { col: 'segment', op: 'distinct_from', value: MQL_V2_EXCLUDED_SEGMENT },
        ],
      },
    ],
  },
];
/** The versioned MQL rule: v1 adds nothing, v2 adds the score/segment condition. */
export const mqlVariants = { mql_rule: { v1: [], v2: mqlV2 } };

/** Description in English and Chinese. */
export type Text = [en: string, zh: string];

/** Defines an aggregate measure. */
export function agg(
  id: MeasureId,
  table: AggregateMeasure['table'],
  kind: AggregateMeasure['agg'],
  value: ValueExpr | undefined,
  parts: MeasurePart[],
  [en, zh]: Text,
  extra: Partial<AggregateMeasure> = {},
): AggregateMeasure {
  return {
    id,
    table,
    kind: 'aggregate',
    agg: kind,
    ...(value ? { value } : {}),
    parts,
    description_en: en,
    description_zh: zh,
    ...extra,
  };
}

/** Defines a customer-level measure over paid orders. */
export function customer(id: MeasureId, metric: CustomerMeasure['metric'], [en, zh]: Text): CustomerMeasure {
  return { id, table: 'orders', kind: 'customer', metric, description_en: en, description_zh: zh };
}

/** Defines an experiment measure. */
export function experiment(id: MeasureId, metric: ExperimentMeasure['metric'], [en, zh]: Text): ExperimentMeasure {
  return { id, table: 'experiments', kind: 'experiment', metric, description_en: en, description_zh: zh };
}

/**
 * Deliverable score: completeness (missing = 1 once submitted) × timeliness — 1 when submitted by the due time,
 * 0.5 when submitted late (the late discount), 0 when never submitted.
 */
export const LATE_DELIVERABLE_FACTOR = 0.5;
/** Per-deliverable score summed by deliverable_score_sum. */
export const deliverableScore: ValueExpr = {
  mul: [
    { coalesce: [col('completeness'), { num: 1 }] },
    {
      cases: [
        { when: [{ col: 'submitted_at', op: 'is_null' }], value: { num: 0 } },
        { when: [{ col: 'submitted_at', op: 'le_col', other: 'due_at' }], value: { num: 1 } },
      ],
      else: { num: LATE_DELIVERABLE_FACTOR },
    },
  ],
};
