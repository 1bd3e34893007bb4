import { findKpi } from '../core/kpi/index.js';
import type { Engine } from '../warehouse/engine.js';
import { adjustBand, calibrationView } from './calibration/index.js';
import type { AuthUser } from './context.js';
import {
  FEEDBACK_DIMENSIONS,
  type FeedbackRelation,
  myFeedbackRequests,
  requestFeedback,
  submitFeedback,
} from './feedback/index.js';
import { allPeople, type Person } from './org/people.js';
import { nextAssessmentPeriod, previousAssessmentPeriod } from './periods/period-id.js';
import { createPeriod, findPeriod, PERIOD_STATUSES, type Period, transitionPeriod } from './periods/periods.js';
import { addPlanItem } from './reviews/index.js';
import {
  addBonusItem,
  approveScorecard,
  assessScorecard,
  type CardItem,
  createScorecard,
  fetchItemActuals,
  updateScorecardItems,
  writeSelfReport,
} from './scorecards/index.js';

/** Scorecard template per demo person (team leads get the team-lead template). */
const TEMPLATE_OF: Record<string, string> = {
  p02: 'team_lead',
  p03: 'sem',
  p04: 'sem',
  p05: 'b2b',
  p06: 'team_lead',
  p07: 'content',
  p08: 'content',
  p09: 'content',
  p11: 'b2b',
};

/** Deterministic pseudo-random number in [0, 1) from a text key (FNV-1a), so the demo is the same every time. */
function unit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
}

function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

function niceTarget(value: number, unitName: string): number {
  if (unitName === 'count') return Math.max(1, Math.round(value));
  if (unitName === 'currency') return Math.max(100, Math.round(value / 100) * 100);
  return Math.round(value * 10000) / 10000;
}

function actorFor(person: Person | undefined): AuthUser {
  const username = person?.email?.split('@')[0] ?? 'admin';
  const role = person?.role === 'admin' ? 'admin' : person?.role === 'manager' ? 'manager' : 'member';
  return { id: `demo-${username}`, username, role, personId: person?.person_id ?? null };
}

/** Targets from last quarter's actual (this one's for the first) × a per-person stretch; items without data dropped. */
async function targetedItems(
  engine: Engine,
  items: CardItem[],
  period: Period,
  managerId: string | null,
): Promise<CardItem[]> {
  const scoped = items.map((item) => {
    const kpi = findKpi(item.kpi);
    return item.kind === 'quantitative' && kpi && !kpi.dimensions.includes('owner') ? { ...item, scope: {} } : item;
  });
  const prev = await fetchItemActuals(engine, scoped, previousAssessmentPeriod(period.id));
  const now = await fetchItemActuals(engine, scoped, period.id);
  const kept: CardItem[] = [];
  let dropped = 0;
  for (const item of scoped) {
    if (item.kind !== 'quantitative') {
      kept.push(item);
      continue;
    }
    const kpi = findKpi(item.kpi);
    const base = prev[item.id]?.value ?? now[item.id]?.value ?? null;
    if (!kpi || base === null || base === 0 || !Number.isFinite(base)) {
      dropped += item.weight;
      continue;
    }
    const stretch = 0.92 + unit(`${period.id}:${item.scope.owner ?? ''}:${item.kpi}`) * 0.3;
    const step = Math.abs(base) * (stretch - 1);
    const value = niceTarget(kpi.direction === 'lower' ? base - step : base + step, kpi.unit);
    kept.push({
      ...item,
      target: {
        value,
        baseline: niceTarget(base, kpi.unit),
        data_source: kpi.id,
        deadline: period.end_date,
        owner: managerId,
      },
    });
  }
  const first = kept.find((i) => i.kind === 'quantitative');
  if (first) first.weight = Math.round((first.weight + dropped) * 1e6) / 1e6;
  return kept;
}

async function advance(engine: Engine, actor: AuthUser, id: string, to: string): Promise<void> {
  const period = await findPeriod(engine, id);
  if (!period) return;
  const from = PERIOD_STATUSES.indexOf(period.status);
  const target = PERIOD_STATUSES.indexOf(to as Period['status']);
  for (let i = from + 1; i <= target; i++) await transitionPeriod(engine, actor, id, PERIOD_STATUSES[i] as string);
}

const REVIEW_ACTIONS = [
  '复盘低效关键词，调整百度SEM出价与否词',
  '每周与销售对齐线索质量反馈',
  '优化落地页表单，A/B测试两版文案',
  '内容选题增加行业白皮书，提升引流转化',
  '参加数据分析培训，掌握归因报表',
];

/**
 * Seeds the assessment workflow for the demo organisation: the past three quarters (locked, with calibration)
 * and the current one (in progress), scorecards from templates with targets from the data, 360° feedback,
 * self-reports, manager assessments, bonus items, review plans and incentives. Idempotent: skips existing periods.
 */
export async function seedWorkflowDemo(
  engine: Engine,
  options: { until: string | Date },
): Promise<{ periods: string[]; scorecards: number }> {
  const until =
    typeof options.until === 'string' ? options.until.slice(0, 10) : options.until.toISOString().slice(0, 10);
  const people = await allPeople(engine);
  if (!people.length) return { periods: [], scorecards: 0 };
  const byId = new Map(people.map((p) => [p.person_id, p]));
  const director = people.find((p) => p.role === 'admin') ?? people[0];
  const admin: AuthUser = { ...actorFor(director), role: 'admin' };
  const current = quarterOf(until);
  const quarters = [previousAssessmentPeriod(previousAssessmentPeriod(previousAssessmentPeriod(current)))];
  while (quarters.length < 4) quarters.push(nextAssessmentPeriod(quarters[quarters.length - 1] as string));
  let scorecards = 0;
  const seeded: string[] = [];
  for (const q of quarters) {
    if (await findPeriod(engine, q)) continue;
    const isCurrent = q === current;
    const period = await createPeriod(engine, admin, q);
    seeded.push(q);
    const cards: { id: string; person: Person; manager: AuthUser }[] = [];
    // Team scorecards first, so person items can roll up to them (KPI trees).
    const teamItems = new Map<string, CardItem[]>();
    for (const lead of people.filter((p) => p.role === 'manager' && p.department === '市场部' && p.team)) {
      const team = lead.team as string;
      const { card } = await createScorecard(engine, admin, { team, period: q, template_id: 'team_lead' });
      const items = await targetedItems(engine, card.items, period, director?.person_id ?? null);
      await updateScorecardItems(engine, admin, card.id, items);
      await approveScorecard(engine, admin, card.id);
      teamItems.set(team, items);
      scorecards++;
    }
    for (const [personId, template] of Object.entries(TEMPLATE_OF)) {
      const person = byId.get(personId);
      if (!person) continue;
      const managerPerson = person.manager_id ? byId.get(person.manager_id) : undefined;
      const manager = managerPerson?.role === 'manager' ? actorFor(managerPerson) : admin;
      const { card } = await createScorecard(engine, manager, {
        person_id: personId,
        period: q,
        template_id: template,
      });
      const team = teamItems.get(person.team ?? '') ?? [];
      // Sales shares the company MQL goal with growth marketing (跨部门联合KPI): half the credit each.
      const partner = people.find((p) => p.team === '增长团队' && p.role === 'manager');
      const base = card.items.map((item) =>
        person.department === '销售部' && item.kpi === 'mql_count' && partner
          ? {
              ...item,
              scope: {},
              joint: {
                share: 0.5,
                partners: [{ person: partner.person_id, department: partner.department, share: 0.5 }],
              },
            }
          : item,
      );
      const items = (await targetedItems(engine, base, period, person.manager_id)).map((item) => {
        const parent = team.find((t) => t.kind === 'quantitative' && t.kpi === item.kpi);
        return parent && item.kind === 'quantitative' ? { ...item, rolls_up_to: parent.id } : item;
      });
      await updateScorecardItems(engine, manager, card.id, items);
      await approveScorecard(engine, manager, card.id);
      cards.push({ id: card.id, person, manager });
      scorecards++;
    }
    await advance(engine, admin, q, 'in_progress');
    // 360° feedback: teammates, the manager and a colleague from another department.
    for (const { person } of cards) {
      const reviewers: { person_id: string; relation: FeedbackRelation }[] = people
        .filter((p) => p.person_id !== person.person_id && p.role !== 'hr')
        .filter(
          (p) => p.team === person.team || p.person_id === person.manager_id || p.department !== person.department,
        )
        .slice(0, 5)
        .map((p) => ({
          person_id: p.person_id,
          relation:
            p.person_id === person.manager_id ? 'manager' : p.department !== person.department ? 'cross_dept' : 'peer',
        }));
      if (reviewers.length)
        await requestFeedback(engine, admin, { period: q, subject_person_id: person.person_id, reviewers });
    }
    for (const reviewer of people) {
      const actor = actorFor(reviewer);
      const forms = await myFeedbackRequests(engine, actor, q);
      for (const [i, form] of forms.entries()) {
        // keyed by quarter, reviewer and subject (form ids are random), so the demo is the same every time
        const key = `${q}:${reviewer.person_id}:${form.subject_person_id}`;
        // In the current quarter about half the forms are still open, and every reviewer's first one, so each person
        // has forms to fill.
        if (isCurrent && (i === 0 || unit(`${key}:open`) < 0.5)) continue;
        const base = 3 + unit(`${q}:${form.subject_person_id}`) * 2;
        const scores = Object.fromEntries(
          FEEDBACK_DIMENSIONS.map((d) => [d, Math.min(5, Math.max(1, Math.round(base + unit(`${key}:${d}`) - 0.5)))]),
        ) as Record<(typeof FEEDBACK_DIMENSIONS)[number], number>;
        await submitFeedback(engine, actor, {
          request_id: form.id,
          scores,
          comment: unit(key) < 0.5 ? '沟通顺畅，数据意识强' : '希望更主动跨部门协作',
        });
      }
    }
    if (isCurrent) continue;
    await advance(engine, admin, q, 'review');
    for (const { id, person, manager } of cards) {
      const owner = actorFor(person);
      await writeSelfReport(engine, owner, id, {
        content: `<h3>${q} 述职</h3><p>本季度围绕核心指标推进了渠道优化与内容升级。</p><ul><li>完成主要目标的阶段性里程碑</li><li>与销售团队共同复盘线索质量</li></ul>`,
        attachments: [{ name: `${q}-复盘.pdf`, url: `/files/${q}/${person.person_id}.pdf` }],
      });
      const grade = (k: string) => 2 + Math.round(unit(`${q}:${person.person_id}:${k}`) * 3);
      await assessScorecard(engine, manager, id, {
        scores: { self_report: grade('sr'), manager: grade('mgr') },
        comment: '执行力强，需加强长期指标的投入',
      });
      if (unit(`${q}:${person.person_id}:bonus`) < 0.25) {
        await addBonusItem(engine, manager, id, { points: 3, reason: '创新：搭建自动化线索打分流程' });
      }
      await addPlanItem(engine, manager, id, {
        action: REVIEW_ACTIONS[Math.floor(unit(`${q}:${id}:plan`) * REVIEW_ACTIONS.length)] as string,
        due_date: `${nextAssessmentPeriod(q).slice(0, 4)}-${String((Number(nextAssessmentPeriod(q).slice(6)) - 1) * 3 + 2).padStart(2, '0')}-15`,
        status: unit(`${q}:${id}:done`) < 0.6 ? 'done' : 'in_progress',
      });
    }
    await advance(engine, admin, q, 'calibration');
    const view = await calibrationView(engine, admin, { period: q });
    const top = view.people.filter((p) => p.band === 'S');
    if (view.warnings.some((w) => w.band === 'S') && top[0]) {
      await adjustBand(engine, admin, {
        scorecard_id: top[0].scorecard_id,
        band: 'A',
        reason: 'S 档超出 10% 指导比例，按贡献排序调整',
      });
    }
    await advance(engine, admin, q, 'locked');
  }
  return { periods: seeded, scorecards };
}
