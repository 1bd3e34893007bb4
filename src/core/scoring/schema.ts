import { z } from 'zod';

/** One threshold band: achievement (percent) in [from, to) earns `points`, rising linearly to `to_points`. */
export const bandSegmentSchema = z.strictObject({
  from: z.number(),
  to: z.number(),
  points: z.number().min(0),
  to_points: z.number().min(0).optional(),
});

/**
 * How an item's achievement (percent of target; 100 = target met) becomes points.
 * linear: points = achievement, 0 below `floor`, at most `cap`. bands: threshold bands.
 * binary: `points` when achievement ≥ `threshold`, else 0. scale: a 1–5 qualitative score mapped to 0–100.
 */
export const scoringRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('linear'),
    floor: z.number().min(0).default(0),
    cap: z.number().positive().default(120),
  }),
  z.strictObject({ type: z.literal('bands'), bands: z.array(bandSegmentSchema).min(1) }),
  z.strictObject({
    type: z.literal('binary'),
    threshold: z.number().default(100),
    points: z.number().min(0).default(100),
  }),
  z.strictObject({
    type: z.literal('scale'),
    /** Points for scores 1, 2, 3, 4, 5 (fractional scores interpolate). */
    points: z.array(z.number().min(0)).length(5).default([20, 40, 60, 80, 100]),
  }),
]);
export type ScoringRule = z.infer<typeof scoringRuleSchema>;
export type ScoringRuleInput = z.input<typeof scoringRuleSchema>;

/** The default threshold bands: <80% → 0, 80–100% → 60–100, 100–120% → 100–120, above → 120. */
export const DEFAULT_BANDS = [
  { from: 0, to: 80, points: 0 },
  { from: 80, to: 100, points: 60, to_points: 100 },
  { from: 100, to: 120, points: 100, to_points: 120 },
];

/** A SMART target: KPI (the item), number, baseline, data source, deadline, owner. */
export const targetSchema = z.strictObject({
  value: z.number().nullable(),
  baseline: z.number().nullable().optional(),
  data_source: z.string().nullable().optional(),
  deadline: z.string().nullable().optional(),
  owner: z.string().nullable().optional(),
});
export type Target = z.infer<typeof targetSchema>;

/** Credit shares of a joint (cross-department) KPI; `share` is this card's part, 0–1. */
export const jointSchema = z.strictObject({
  share: z.number().gt(0).max(1),
  partners: z
    .array(z.strictObject({ person: z.string(), department: z.string().optional(), share: z.number().gt(0).max(1) }))
    .default([]),
});

export const QUALITATIVE_SOURCES = ['feedback_360', 'self_report', 'manager', 'other'] as const;

export const scorecardItemSchema = z.strictObject({
  id: z.string().min(1).optional(),
  kind: z.enum(['quantitative', 'qualitative']).default('quantitative'),
  kpi: z.string().min(1).optional(),
  name_zh: z.string().optional(),
  name_en: z.string().optional(),
  weight: z.number().min(0).max(100),
  target: z
    .union([z.number(), targetSchema], {
      error: 'must be a number or a target {value, baseline, data_source, deadline, owner}',
    })
    .nullable()
    .optional(),
  rule: scoringRuleSchema.optional(),
  direction: z.enum(['higher', 'lower']).optional(),
  source: z.enum(QUALITATIVE_SOURCES).optional(),
  scope: z.record(z.string(), z.string()).optional(),
  joint: jointSchema.optional(),
  long_term: z.boolean().optional(),
});
export type ScorecardItemInput = z.input<typeof scorecardItemSchema>;

export const ratingBandSchema = z.strictObject({ band: z.string().min(1), min: z.number() });
export type RatingBand = z.infer<typeof ratingBandSchema>;

/** Default rating bands (DESIGN.md): S ≥ 110, A ≥ 95, B ≥ 80, C ≥ 60, D below. */
export const DEFAULT_RATING_BANDS: RatingBand[] = [
  { band: 'S', min: 110 },
  { band: 'A', min: 95 },
  { band: 'B', min: 80 },
  { band: 'C', min: 60 },
  { band: 'D', min: Number.NEGATIVE_INFINITY },
];

const decimalText = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number')]);

export const commissionRuleSchema = z
  .strictObject({
    kpi: z.string().min(1),
    /** Money KPIs: commission = rate × (actual − target). */
    rate: decimalText.optional(),
    /** Any KPI: `amount` yuan for each whole `step` above target (e.g. 500 per 0.1 of ROI). */
    amount: decimalText.optional(),
    step: decimalText.optional(),
    /** Upper limit in yuan. */
    cap: decimalText.optional(),
  })
  .refine((r) => (r.rate !== undefined) !== (r.amount !== undefined && r.step !== undefined), {
    message: 'give either rate, or amount with step',
  });
export type CommissionRule = z.infer<typeof commissionRuleSchema>;

/** Incentive rules: bonus = base × band coefficient + commissions on the part above target. */
export const incentiveRulesSchema = z.strictObject({
  base: decimalText,
  coefficients: z.record(z.string(), decimalText),
  commissions: z.array(commissionRuleSchema).default([]),
});
export type IncentiveRules = z.infer<typeof incentiveRulesSchema>;
export type IncentiveRulesInput = z.input<typeof incentiveRulesSchema>;

/** Recommendation thresholds (bands). */
export const recommendationRulesSchema = z.strictObject({
  promotion_bands: z.array(z.string()).default(['S']),
  training_below_achievement: z.number().default(80),
  training_bands: z.array(z.string()).default(['C']),
  demotion_bands: z.array(z.string()).default(['D']),
});
export type RecommendationRules = z.infer<typeof recommendationRulesSchema>;

export const scorecardSchema = z.strictObject({
  id: z.string().optional(),
  name_zh: z.string().optional(),
  name_en: z.string().optional(),
  person: z.string().optional(),
  team: z.string().optional(),
  period: z.string().optional(),
  template: z.string().optional(),
  items: z.array(scorecardItemSchema).min(1),
  bonus_cap: z.number().min(0).default(10),
  bands: z.array(ratingBandSchema).min(1).optional(),
  incentive: incentiveRulesSchema.optional(),
  recommendations: recommendationRulesSchema.optional(),
});
export type Scorecard = z.infer<typeof scorecardSchema>;
export type ScorecardInput = z.input<typeof scorecardSchema>;
export type ScorecardItem = Scorecard['items'][number];

/** A dynamic bonus item (创新加分): points with a reason and an approver. */
export const bonusItemSchema = z.strictObject({
  id: z.string().optional(),
  reason: z.string().min(1),
  points: z.number().min(0),
  approver: z.string().nullable().optional(),
});
export type BonusItem = z.infer<typeof bonusItemSchema>;

/** A warning from scoring or lint; `item` names the scorecard item. */
export interface ScoreWarning {
  code: string;
  message_zh: string;
  message_en: string;
  item?: string;
}
