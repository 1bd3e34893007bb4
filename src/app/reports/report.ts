import { ValidationError } from '../../core/errors.js';
import { findKpi } from '../../core/kpi/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { computeMetrics, DASHBOARD_TILES } from '../metrics.js';
import { findPeriod } from '../periods/periods.js';
import { planOf } from '../reviews/reviews.js';
import { evaluateScorecard } from '../scorecards/evaluate.js';
import { scorecardsOfPeriod } from '../scorecards/store.js';

export type ReportKind = 'weekly' | 'monthly';

/** A weekly or monthly performance report: KPIs, scorecard standings with items off pace, open plan items. */
export interface PerformanceReport {
  period: string;
  kind: ReportKind;
  assessment_period: string;
  kpis: {
    kpi: string;
    name_zh: string;
    name_en: string;
    value: number | null;
    previous: number | null;
    growth: number | null;
    unit: string;
    quality: string;
  }[];
  people: {
    person_id: string;
    name: string | null;
    team: string | null;
    total: number | null;
    band: string | null;
    behind: string[];
  }[];
  open_plan_items: {
    person_id: string;
    action: string;
    owner_id: string | null;
    due_date: string | null;
    status: string;
  }[];
}

/** Kind and containing quarter of a report period (`2026-W14` weekly, `2026-03` monthly). */
export function reportPeriod(period: string, kind?: string): { kind: ReportKind; quarter: string } {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  const inferred: ReportKind | null = week ? 'weekly' : month ? 'monthly' : null;
  if (!inferred)
    throw new ValidationError(`--period: "${period}" is not a week (2026-W14) or a month (2026-03)`, [
      { field: 'period' },
    ]);
  if (kind !== undefined && kind !== inferred) {
    throw new ValidationError(
      `--kind ${kind} does not match --period ${period} (a ${inferred === 'weekly' ? 'week' : 'month'})`,
      [{ field: 'kind' }],
    );
  }
  let year: number;
  let monthNo: number;
  if (week) {
    // The Thursday of an ISO week decides its month (and so its quarter).
    year = Number(week[1]);
    const jan4 = new Date(Date.UTC(year, 0, 4));
    const monday = new Date(
      jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (Number(week[2]) - 1) * 7 * 86_400_000,
    );
    const thursday = new Date(monday.getTime() + 3 * 86_400_000);
    year = thursday.getUTCFullYear();
    monthNo = thursday.getUTCMonth() + 1;
  } else {
    year = Number(month?.[1]);
    monthNo = Number(month?.[2]);
  }
  return { kind: inferred, quarter: `${year}-Q${Math.floor((monthNo - 1) / 3) + 1}` };
}

/** Builds the report of a week or month from the warehouse and the quarter's scorecards. */
export async function buildReport(
  engine: Engine,
  input: { period: string; kind?: string | undefined },
): Promise<PerformanceReport> {
  const { kind, quarter } = reportPeriod(input.period, input.kind);
  const cells = await computeMetrics(engine, { kpis: DASHBOARD_TILES, period: input.period });
  const kpis = DASHBOARD_TILES.map((id) => {
    const cell = cells.find((c) => c.kpi === id);
    const def = findKpi(id);
    return {
      kpi: id,
      name_zh: def?.name_zh ?? id,
      name_en: def?.name_en ?? id,
      value: cell?.value ?? null,
      previous: cell?.previous ?? null,
      growth: cell?.growth ?? null,
      unit: cell?.unit ?? def?.unit ?? '',
      quality: cell?.quality ?? 'missing_source',
    };
  });
  const people: PerformanceReport['people'] = [];
  const open: PerformanceReport['open_plan_items'] = [];
  if (await findPeriod(engine, quarter)) {
    for (const card of await scorecardsOfPeriod(engine, quarter, 'person')) {
      const view = await evaluateScorecard(engine, card);
      people.push({
        person_id: card.subject_id,
        name: view.person_name,
        team: view.team,
        total: view.total,
        band: view.band,
        behind: view.items.filter((i) => i.pace?.on_track === false).map((i) => i.name_zh ?? i.kpi),
      });
      const review = await planOf(engine, card);
      for (const p of [...review.follow_up, ...review.plan]) {
        if (p.status === 'done' || p.status === 'dropped') continue;
        open.push({
          person_id: card.subject_id,
          action: p.action,
          owner_id: p.owner_id,
          due_date: p.due_date,
          status: p.status,
        });
      }
    }
  }
  return { period: input.period, kind, assessment_period: quarter, kpis, people, open_plan_items: open };
}

const fmt = (v: number | null, unit = ''): string => {
  if (v === null) return '—';
  if (unit === 'ratio' || unit === 'percent') return `${Math.round(v * 10000) / 100}%`;
  return String(Math.round(v * 100) / 100);
};
const escapeMd = (text: string) => text.replace(/([|\\`*_[\]<>])/g, '\\$1');

/** The report as Markdown (for e-mail or wiki). */
export function reportMarkdown(r: PerformanceReport): string {
  const title = r.kind === 'weekly' ? '周报' : '月报';
  const lines = [
    `# 市场部网络运营${title} ${r.period}`,
    '',
    `考核期 ${r.assessment_period}`,
    '',
    '## 核心指标',
    '',
    '| 指标 | 本期 | 上期 | 环比 |',
    '|---|---|---|---|',
  ];
  for (const k of r.kpis)
    lines.push(
      `| ${escapeMd(k.name_zh)} | ${fmt(k.value, k.unit)} | ${fmt(k.previous, k.unit)} | ${fmt(k.growth, 'ratio')} |`,
    );
  lines.push('', '## 个人考核进度', '', '| 姓名 | 团队 | 得分 | 评级 | 落后指标 |', '|---|---|---|---|---|');
  for (const p of r.people) {
    lines.push(
      `| ${escapeMd(p.name ?? p.person_id)} | ${escapeMd(p.team ?? '')} | ${fmt(p.total)} | ${p.band ?? '—'} | ${escapeMd(p.behind.join('、') || '—')} |`,
    );
  }
  lines.push('', '## 待跟进改进项', '');
  if (!r.open_plan_items.length) lines.push('无');
  for (const p of r.open_plan_items)
    lines.push(`- ${escapeMd(p.action)}（${p.owner_id ?? p.person_id}，截止 ${p.due_date ?? '—'}，${p.status}）`);
  return `${lines.join('\n')}\n`;
}
