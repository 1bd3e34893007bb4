import { findKpi } from '../../core/kpi/index.js';
import {
  computeIncentive,
  type IncentiveRules,
  itemKey,
  lintScorecard,
  parseScorecard,
  type RatingBand,
  type Recommendation,
  recommend,
  type ScorecardInput,
  type ScoredItem,
  type ScoreWarning,
  scoreScorecard,
} from '../../core/scoring/index.js';
import { scorecardFromTemplate } from '../../core/templates/index.js';
import { type CardItem, cardItemSchema } from './items.js';
import type { BonusItem } from './store.js';

export type LintWarning = ScoreWarning;

/** Whether a KPI is declared manual (its actual is typed in, with who/when). */
export function isManualKpi(kpi: string): boolean {
  return findKpi(kpi)?.manual === true;
}

/** Stored items in the scoring engine's scorecard format. */
export function toScoringCard(items: readonly CardItem[], bonusCap?: number): ScorecardInput {
  return {
    items: items.map((item) => ({
      id: item.id,
      kind: item.kind,
      ...(item.kind === 'quantitative' ? { kpi: item.kpi } : { source: item.source ?? qualitativeSource(item.kpi) }),
      ...(item.name_zh ? { name_zh: item.name_zh } : {}),
      ...(item.name_en ? { name_en: item.name_en } : {}),
      weight: item.weight,
      ...(item.target ? { target: item.target } : {}),
      ...(item.rule ? { rule: item.rule } : {}),
      ...(Object.keys(item.scope).length ? { scope: item.scope } : {}),
      ...(item.joint ? { joint: item.joint } : {}),
    })),
    ...(bonusCap !== undefined ? { bonus_cap: bonusCap } : {}),
  };
}

function qualitativeSource(kpi: string): 'feedback_360' | 'self_report' | 'manager' | 'other' {
  if (kpi === 'feedback_360' || kpi === 'self_report') return kpi;
  return kpi === 'manager' || kpi === 'manager_assessment' ? 'manager' : 'other';
}

/** Scorecard lint (weights, split, long-term balance, SMART targets) over stored items. */
export function lintItems(items: readonly CardItem[]): LintWarning[] {
  return lintScorecard(parseScorecard(toScoringCard(items)));
}

/** What a scored card carries into views. */
export interface CardScore {
  total: number | null;
  quantitative: number | null;
  qualitative: number | null;
  bonus: number;
  band: string | null;
  computed_band: string | null;
  items: ScoredItem[];
  incentive: {
    bonus_fen: number;
    commission_fen: number;
    total_fen: number;
    total_yuan: string;
    coefficient: string;
    base_fen: number;
  } | null;
  recommendations: Recommendation[];
  warnings: LintWarning[];
}

/**
 * Scores stored items with the scoring engine: actuals and qualitative 1–5 values per item id, approved bonus
 * items, bands and incentive rules; a calibration band override replaces the band and recomputes the incentive
 * and recommendations for it.
 */
export function scoreCard(
  items: readonly CardItem[],
  input: {
    actuals: Record<string, number | null>;
    qualitative: Record<string, number | null>;
    bonusItems: readonly BonusItem[];
    bands: RatingBand[];
    bonusCap: number;
    incentive: IncentiveRules | null;
    bandOverride: string | null;
  },
): CardScore {
  const qualitative: Record<string, number> = {};
  for (const [k, v] of Object.entries(input.qualitative)) if (v !== null) qualitative[k] = v;
  const result = scoreScorecard(
    toScoringCard(items, input.bonusCap),
    {
      actuals: input.actuals,
      qualitative,
      bonusItems: input.bonusItems.map((b) => ({
        id: b.id,
        reason: b.reason,
        points: b.points,
        approver: b.approver_id,
      })),
    },
    { bands: input.bands, ...(input.incentive ? { incentive: input.incentive } : {}) },
  );
  const band = input.bandOverride ?? result.band;
  const quant = result.items.filter((i) => i.kind === 'quantitative');
  const incentive =
    input.incentive && input.bandOverride
      ? computeIncentive(
          input.incentive,
          band,
          quant.map((i) => ({
            kpi: i.kpi ?? i.id,
            actual: i.actual,
            target: i.target,
            direction: i.direction ?? 'higher',
            share: i.credit_share ?? 1,
          })),
        )
      : result.incentive;
  return {
    total: result.total,
    quantitative: result.quantitative,
    qualitative: result.qualitative,
    bonus: result.bonus,
    band,
    computed_band: result.band,
    items: result.items,
    incentive: incentive
      ? {
          bonus_fen: incentive.bonus_fen,
          commission_fen: incentive.commission_fen,
          total_fen: incentive.total_fen,
          total_yuan: incentive.total_yuan,
          coefficient: incentive.coefficient,
          base_fen: incentive.base_fen,
        }
      : null,
    recommendations: input.bandOverride ? recommend(band, result.items) : result.recommendations,
    warnings: result.warnings,
  };
}

/** Items of a new scorecard from a template, with targets per KPI id (or item id) filled in. */
export function itemsFromTemplate(templateId: string, targets: Record<string, number>): CardItem[] {
  const card = scorecardFromTemplate(templateId, targets);
  return card.items.map((item, i) => {
    const target = item.target;
    return cardItemSchema.parse({
      id: itemKey(item, i),
      kpi: item.kpi ?? item.source ?? itemKey(item, i),
      kind: item.kind,
      name_zh: item.name_zh ?? null,
      name_en: item.name_en ?? null,
      weight: item.weight,
      rule: item.rule ?? null,
      source: item.kind === 'qualitative' ? (item.source ?? 'other') : null,
      scope: item.scope ?? {},
      target:
        target === null || target === undefined
          ? null
          : typeof target === 'number'
            ? { value: target }
            : {
                ...target,
                baseline: target.baseline ?? null,
                data_source: target.data_source ?? null,
                deadline: target.deadline ?? null,
                owner: target.owner ?? null,
              },
      joint: item.joint ?? null,
    });
  });
}
