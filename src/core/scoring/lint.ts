import { findKpi, KPI_CATALOG, type KpiDefinition } from '../kpi/index.js';
import { itemKey, sumWeights } from './card.js';
import type { Scorecard, ScoreWarning } from './schema.js';

/** Allowed quantitative share of the total weight (percent); the rest is qualitative. */
export const QUANTITATIVE_SHARE = { min: 70, max: 80 } as const;
/** Minimum share of the quantitative weight on long-term KPIs (brand, NPS, CLV, …). */
export const LONG_TERM_MIN_SHARE = 20;

function warn(code: string, message_zh: string, message_en: string, item?: string): ScoreWarning {
  return item === undefined ? { code, message_zh, message_en } : { code, message_zh, message_en, item };
}

/** Lints a scorecard: weights, quantitative/qualitative split, long-term balance, SMART targets, unknown KPIs. */
export function lintScorecard(card: Scorecard, catalog: readonly KpiDefinition[] = KPI_CATALOG): ScoreWarning[] {
  const out: ScoreWarning[] = [];
  const total = sumWeights(card.items);
  if (Math.abs(total - 100) > 1e-9) {
    out.push(warn('weights_sum', `权重合计 ${total}，应为 100`, `weights total ${total}, must be 100`));
  }
  const quantitative = card.items.filter((i) => i.kind === 'quantitative');
  const quantWeight = sumWeights(quantitative);
  const quantShare = total > 0 ? Math.round((quantWeight / total) * 1e6) / 1e4 : 0;
  if (quantShare < QUANTITATIVE_SHARE.min || quantShare > QUANTITATIVE_SHARE.max) {
    out.push(
      warn(
        'split',
        `定量指标占 ${quantShare}%、定性占 ${Math.round((100 - quantShare) * 100) / 100}%，应为 70–80% / 20–30%`,
        `quantitative ${quantShare}% / qualitative ${Math.round((100 - quantShare) * 100) / 100}%, should be 70–80% / 20–30%`,
      ),
    );
  }
  const longTerm = sumWeights(
    quantitative.filter((i) => i.long_term ?? (i.kpi ? findKpi(i.kpi, catalog)?.long_term : false) ?? false),
  );
  const longShare = quantWeight > 0 ? Math.round((longTerm / quantWeight) * 1e6) / 1e4 : 0;
  if (quantWeight > 0 && longShare < LONG_TERM_MIN_SHARE) {
    out.push(
      warn(
        'long_term_low',
        `长期指标（品牌搜索、NPS、CLV 等）只占定量权重的 ${longShare}%，建议不低于 ${LONG_TERM_MIN_SHARE}%`,
        `long-term KPIs (brand search, NPS, CLV, …) are ${longShare}% of the quantitative weight, below ${LONG_TERM_MIN_SHARE}%`,
      ),
    );
  }
  const noDeadline: string[] = [];
  card.items.forEach((item, i) => {
    const key = itemKey(item, i);
    if (item.weight === 0) out.push(warn('zero_weight', `${key} 权重为 0`, `${key} has weight 0`, key));
    if (item.joint) {
      const shares = item.joint.share + item.joint.partners.reduce((s, p) => s + p.share, 0);
      if (item.joint.partners.length > 0 && Math.abs(shares - 1) > 1e-9) {
        out.push(
          warn(
            'joint_shares',
            `联合指标 ${key} 的贡献份额合计 ${Math.round(shares * 1e4) / 100}%，应为 100%`,
            `joint KPI ${key}: credit shares total ${Math.round(shares * 1e4) / 100}%, must be 100%`,
            key,
          ),
        );
      }
    }
    if (item.kind !== 'quantitative') return;
    if (!item.kpi) {
      out.push(
        warn('target_no_metric', `${key} 没有指定指标（不符合 SMART）`, `${key} names no metric (not SMART)`, key),
      );
      return;
    }
    const kpi = findKpi(item.kpi, catalog);
    if (!kpi) {
      out.push(warn('unknown_kpi', `未知指标 "${item.kpi}"`, `unknown KPI "${item.kpi}"`, key));
      return;
    }
    const target = item.target;
    const value = typeof target === 'number' ? target : (target?.value ?? null);
    if (value === null) {
      out.push(
        warn('target_no_number', `${key} 没有目标数值（不符合 SMART）`, `${key} has no target number (not SMART)`, key),
      );
    }
    const source = typeof target === 'object' && target ? target.data_source : undefined;
    if (kpi.manual && !source) {
      out.push(
        warn(
          'target_no_source',
          `${key} 是手工指标且未注明数据来源`,
          `${key} is a manual KPI with no data source`,
          key,
        ),
      );
    }
    const deadline = typeof target === 'object' && target ? target.deadline : undefined;
    if (!deadline && !card.period) noDeadline.push(key);
    if (kpi.required_dimension && !item.scope?.[kpi.required_dimension]) {
      out.push(
        warn(
          'required_dimension',
          `${key} 需要在范围中指定 ${kpi.required_dimension}`,
          `${key} needs a ${kpi.required_dimension} in its scope`,
          key,
        ),
      );
    }
  });
  if (noDeadline.length > 0) {
    out.push(
      warn(
        'target_no_deadline',
        `目标没有期限，记分卡也未指定考核周期：${noDeadline.join('、')}`,
        `targets without a deadline and no period on the card: ${noDeadline.join(', ')}`,
        ...(noDeadline.length === 1 ? [noDeadline[0]] : []),
      ),
    );
  }
  return out;
}
