import { ValidationError } from '../errors.js';
import { findKpi, KPI_CATALOG, type KpiDefinition } from '../kpi/index.js';
import { ratingBand } from './bands.js';
import { itemDirection, itemKey, itemRule, parseScorecard, targetValue } from './card.js';
import { computeIncentive, type Incentive } from './incentive.js';
import { lintScorecard } from './lint.js';
import { type Recommendation, recommend } from './recommend.js';
import {
  type AchievementNote,
  computeAchievement,
  describeRule,
  pointsForAchievement,
  pointsForScale,
} from './rules.js';
import {
  type BonusItem,
  bonusItemSchema,
  type IncentiveRulesInput,
  incentiveRulesSchema,
  type RatingBand,
  type RecommendationRules,
  type ScorecardInput,
  type ScoreWarning,
} from './schema.js';

/** Actual values per item key or KPI id (null = not available), qualitative 1–5 scores per item key, bonus items. */
export interface ScoreInput {
  actuals: Record<string, number | null | undefined>;
  qualitative?: Record<string, number>;
  bonusItems?: BonusItem[];
}

export interface ScoreOptions {
  catalog?: readonly KpiDefinition[];
  bands?: RatingBand[];
  incentive?: IncentiveRulesInput;
  recommendations?: RecommendationRules;
  /**
   * Items without a score (missing actual, target or qualitative score): 'reweight' (default) spreads their
   * weight over the scored items; 'zero' counts them as 0 points. Either way they are null and flagged.
   */
  missing?: 'reweight' | 'zero';
}

/** One item's score with its explanation. */
export interface ScoredItem {
  id: string;
  kpi: string | null;
  kind: 'quantitative' | 'qualitative';
  name_zh: string;
  name_en: string;
  weight: number;
  target: number | null;
  actual: number | null;
  achievement: number | null;
  rule: string;
  points: number | null;
  contribution: number | null;
  /** The weight used for the contribution when unscored items' weight was spread over the scored ones. */
  effective_weight?: number;
  direction?: 'higher' | 'lower';
  unit?: string;
  credit_share?: number;
  note?: AchievementNote | 'missing_score';
}

export interface ScoreResult {
  total: number;
  quantitative: number | null;
  qualitative: number | null;
  bonus: number;
  band: string;
  complete: boolean;
  /** Share of the item weight that could be scored (1 = every item scored). */
  coverage: number;
  items: ScoredItem[];
  bonus_items: (BonusItem & { counted: boolean })[];
  warnings: ScoreWarning[];
  incentive?: Incentive;
  recommendations: Recommendation[];
}

const MISSING_TEXT = {
  reweight: ['该项不计分，其权重按比例分给已计分项', 'item not scored; its weight is spread over the scored items'],
  zero: ['该项不计分，总分中按 0 计', 'item not scored; it counts as 0 in the total'],
} as const;

const NOTE_TEXT: Record<AchievementNote | 'missing_score', [string, string]> = {
  missing_actual: ['缺少实际值', 'no actual value'],
  missing_target: ['缺少目标值', 'no target'],
  missing_score: ['缺少定性评分', 'no qualitative score'],
  target_zero: ['目标为 0：达成按“是否达到”计', 'target is 0: achievement scored as met / not met'],
  actual_zero_inverse: ['越低越好的指标实际为 0：按封顶计分', 'lower-is-better KPI at 0: scored at the cap'],
  negative_actual_inverse: [
    '越低越好的指标实际为负数，请核对数据：按封顶计分',
    'lower-is-better KPI is negative, check the data: scored at the cap',
  ],
  negative_target: [
    '目标为负数：达成率按与目标的距离计算',
    'negative target: achievement measured as distance from it',
  ],
};

const round2 = (v: number): number => Math.round(v * 100) / 100;
const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/** Weighted mean points; with 'reweight' over the scored items only, with 'zero' unscored items count 0. */
function weightedMean(items: readonly ScoredItem[], missing: 'reweight' | 'zero'): number | null {
  const counted = missing === 'reweight' ? items.filter((i) => i.points !== null) : items;
  const weight = counted.reduce((s, i) => s + i.weight, 0);
  if (weight === 0 || counted.every((i) => i.points === null)) return null;
  return round2(counted.reduce((s, i) => s + (i.points ?? 0) * i.weight, 0) / weight);
}

/** Sets each item's contribution: points × weight, the weight scaled up when unscored items' weight is spread. */
function applyContributions(items: ScoredItem[], missing: 'reweight' | 'zero'): number {
  const all = items.reduce((s, i) => s + i.weight, 0);
  const scored = items.filter((i) => i.points !== null).reduce((s, i) => s + i.weight, 0);
  const factor = missing === 'reweight' && scored > 0 ? all / scored : 1;
  for (const item of items) {
    if (item.points === null) continue;
    const weight = item.weight * factor;
    item.contribution = round4((item.points * weight) / 100);
    if (factor !== 1) item.effective_weight = round4(weight);
  }
  return all > 0 ? round4(scored / all) : 0;
}

/** Scores a scorecard against actuals, qualitative 1–5 scores and bonus items; every item carries its explanation. */
export function scoreScorecard(cardInput: ScorecardInput, input: ScoreInput, options: ScoreOptions = {}): ScoreResult {
  const card = parseScorecard(cardInput);
  const catalog = options.catalog ?? KPI_CATALOG;
  const warnings: ScoreWarning[] = lintScorecard(card, catalog);
  const qualitativeGiven = input.qualitative !== undefined && Object.keys(input.qualitative).length > 0;

  const items: ScoredItem[] = card.items.map((item, i) => {
    const key = itemKey(item, i);
    const kpi = item.kpi ? findKpi(item.kpi, catalog) : undefined;
    const rule = itemRule(item);
    const base = {
      id: key,
      kpi: item.kpi ?? null,
      kind: item.kind,
      name_zh: item.name_zh ?? kpi?.name_zh ?? key,
      name_en: item.name_en ?? kpi?.name_en ?? key,
      weight: item.weight,
    };
    if (item.kind === 'qualitative') {
      const score = input.qualitative?.[key];
      if (score !== undefined && (typeof score !== 'number' || !(score >= 1 && score <= 5))) {
        throw new ValidationError(`qualitative field ${key}: must be a number from 1 to 5`, [{ field: key }]);
      }
      const points = score === undefined ? null : pointsForScale(rule.type === 'scale' ? rule.points : [], score);
      return {
        ...base,
        target: null,
        actual: score ?? null,
        achievement: null,
        rule: describeRule(rule, false),
        points,
        contribution: null,
        ...(points === null && qualitativeGiven ? { note: 'missing_score' as const } : {}),
      };
    }
    const direction = itemDirection(item, kpi);
    const raw = input.actuals[key] ?? (item.kpi ? input.actuals[item.kpi] : undefined);
    if (raw !== undefined && raw !== null && typeof raw !== 'number') {
      throw new ValidationError(`actuals field ${key}: must be a number or null`, [{ field: key }]);
    }
    const actual = raw ?? null;
    const target = targetValue(item);
    const computed = computeAchievement(actual, target, direction);
    const note = computed.note;
    // Points follow the achievement as shown (2 decimals), so the explanation adds up for the reader.
    const achievement = computed.achievement === null ? null : round2(computed.achievement);
    const points = achievement === null ? null : round2(pointsForAchievement(rule, achievement));
    return {
      ...base,
      target,
      actual,
      achievement,
      rule: describeRule(rule, direction === 'lower'),
      points,
      contribution: null,
      direction,
      ...(kpi ? { unit: kpi.unit } : {}),
      ...(item.joint ? { credit_share: item.joint.share } : {}),
      ...(note ? { note } : {}),
    };
  });

  const missing = options.missing ?? 'reweight';
  const coverage = applyContributions(items, missing);
  for (const item of items) {
    if (!item.note) continue;
    const [zh, en] = NOTE_TEXT[item.note];
    const [zhTail, enTail] = item.points === null ? MISSING_TEXT[missing] : ['', ''];
    warnings.push({
      code: item.note,
      message_zh: `${item.name_zh}：${zh}${zhTail ? `，${zhTail}` : ''}`,
      message_en: `${item.id}: ${en}${enTail ? `; ${enTail}` : ''}`,
      item: item.id,
    });
  }
  const quantItems = items.filter((i) => i.kind === 'quantitative');
  const qualItems = items.filter((i) => i.kind === 'qualitative');
  const qualitative = qualitativeGiven ? weightedMean(qualItems, missing) : null;
  if (!qualitativeGiven && qualItems.length > 0) {
    warnings.push({
      code: 'qualitative_missing',
      message_zh: missing === 'reweight' ? '未提供定性评分：总分按定量部分折算' : '未提供定性评分：总分只含定量部分',
      message_en:
        missing === 'reweight'
          ? 'no qualitative scores given: the total is scaled from the quantitative part'
          : 'no qualitative scores given: the total holds only the quantitative part',
    });
  }

  const bonusItems = (input.bonusItems ?? []).map((b, i) => {
    const parsed = bonusItemSchema.safeParse(b);
    if (!parsed.success) {
      throw new ValidationError(`bonus field [${i}]: ${parsed.error.issues[0]?.message ?? 'invalid'}`, [
        { field: `bonus[${i}]` },
      ]);
    }
    const counted = Boolean(parsed.data.approver);
    if (!counted) {
      warnings.push({
        code: 'bonus_unapproved',
        message_zh: `加分项“${parsed.data.reason}”未经审批，不计入`,
        message_en: `bonus "${parsed.data.reason}" has no approver and is not counted`,
      });
    }
    return { ...parsed.data, counted };
  });
  const bonusRaw = bonusItems.filter((b) => b.counted).reduce((s, b) => s + b.points, 0);
  const bonus = round2(Math.min(bonusRaw, card.bonus_cap));
  if (bonusRaw > card.bonus_cap) {
    warnings.push({
      code: 'bonus_capped',
      message_zh: `加分合计 ${bonusRaw}，封顶 ${card.bonus_cap}`,
      message_en: `bonus points ${bonusRaw} capped at ${card.bonus_cap}`,
    });
  }

  if (coverage === 0) {
    warnings.push({
      code: 'nothing_scored',
      message_zh: '没有任何项目可计分：总分与评级没有依据，不给出建议',
      message_en: 'no item could be scored: total and band have no basis; no recommendations',
    });
  }
  const total = round2(items.reduce((s, i) => s + (i.contribution ?? 0), 0) + bonus);
  const band = ratingBand(total, options.bands ?? card.bands);
  const incentiveRules = options.incentive ? incentiveRulesSchema.parse(options.incentive) : card.incentive;
  const incentive = incentiveRules
    ? computeIncentive(
        incentiveRules,
        band,
        quantItems.map((i) => ({
          kpi: i.kpi ?? i.id,
          actual: i.actual,
          target: i.target,
          direction: i.direction ?? 'higher',
          share: i.credit_share ?? 1,
        })),
      )
    : undefined;
  return {
    total,
    quantitative: weightedMean(quantItems, missing),
    qualitative,
    bonus,
    band,
    complete: items.every((i) => i.points !== null),
    coverage,
    items,
    bonus_items: bonusItems,
    warnings,
    ...(incentive ? { incentive } : {}),
    recommendations: coverage > 0 ? recommend(band, items, options.recommendations ?? card.recommendations) : [],
  };
}
