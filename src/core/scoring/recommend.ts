import { type RecommendationRules, recommendationRulesSchema } from './schema.js';

export interface Recommendation {
  code: 'promotion_candidate' | 'training_plan' | 'demotion_review';
  message_zh: string;
  message_en: string;
  /** KPIs behind the recommendation (e.g. the ones a training plan should address). */
  kpis?: string[];
}

/** Recommendations for HR from the band and the weak KPIs (achievement below the training threshold). */
export function recommend(
  band: string,
  items: readonly { kpi: string | null; kind: string; achievement: number | null }[],
  rules: RecommendationRules = recommendationRulesSchema.parse({}),
): Recommendation[] {
  const out: Recommendation[] = [];
  if (rules.promotion_bands.includes(band)) {
    out.push({
      code: 'promotion_candidate',
      message_zh: `评级 ${band}：列为晋升候选`,
      message_en: `band ${band}: promotion candidate`,
    });
  }
  const weak = items
    .filter((i) => i.kind === 'quantitative' && i.kpi && i.achievement !== null)
    .filter((i) => (i.achievement as number) < rules.training_below_achievement)
    .map((i) => i.kpi as string);
  if (weak.length > 0 || rules.training_bands.includes(band)) {
    out.push({
      code: 'training_plan',
      message_zh:
        weak.length > 0
          ? `制定培训计划：${weak.join('、')} 达成率低于 ${rules.training_below_achievement}%`
          : `评级 ${band}：制定培训计划`,
      message_en:
        weak.length > 0
          ? `training plan: ${weak.join(', ')} below ${rules.training_below_achievement}% of target`
          : `band ${band}: training plan`,
      ...(weak.length > 0 ? { kpis: weak } : {}),
    });
  }
  if (rules.demotion_bands.includes(band)) {
    out.push({
      code: 'demotion_review',
      message_zh: `评级 ${band}：进入降级/调岗评审`,
      message_en: `band ${band}: demotion review`,
    });
  }
  return out;
}
