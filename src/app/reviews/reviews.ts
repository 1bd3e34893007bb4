import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import { findKpi } from '../../core/kpi/index.js';
import type { Engine } from '../../warehouse/engine.js';
import { computeMetrics, type MetricDimension } from '../metrics.js';
import type { Actor } from '../org/actor.js';
import { auditChange } from '../org/audit.js';
import { isoDate, newId, nowIso } from '../org/util.js';
import { nextAssessmentPeriod, previousAssessmentPeriod } from '../periods/period-id.js';
import { assertPeriodWritable, getPeriod } from '../periods/periods.js';
import { assertManagesScorecard, assertSeesScorecard } from '../scorecards/access.js';
import { isAdditiveKpi } from '../scorecards/actuals.js';
import { evaluateScorecard } from '../scorecards/evaluate.js';
import { findSubjectScorecard, loadScorecard, type ScorecardRecord } from '../scorecards/store.js';
import { additiveGapDrivers, type GapDriver, rateGapDrivers } from './drivers.js';

/** Plan item statuses. */
export const PLAN_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** An improvement plan item of a review meeting. */
export interface PlanItem {
  id: string;
  scorecard_id: string;
  action: string;
  owner_id: string | null;
  due_date: string | null;
  status: PlanStatus;
  follow_up_period: string | null;
  note: string | null;
}

/** A KPI's gap vs target with the segments that explain it. */
export interface KpiGap {
  item_id: string;
  kpi: string;
  name_zh: string | null;
  name_en: string | null;
  target: number | null;
  actual: number | null;
  gap: number | null;
  achievement: number | null;
  basis: string | null;
  drivers: GapDriver[];
}

const DRIVER_DIMENSIONS: MetricDimension[] = ['channel', 'campaign'];

async function plansOf(engine: Engine, scorecardId: string): Promise<PlanItem[]> {
  const rows = await engine.query('SELECT * FROM review_plans WHERE scorecard_id = $1 ORDER BY created_at, id', [
    scorecardId,
  ]);
  return rows.map((r) => ({
    id: String(r.id),
    scorecard_id: String(r.scorecard_id),
    action: String(r.action),
    owner_id: (r.owner_id as string | null) ?? null,
    due_date: isoDate(r.due_date),
    status: r.status as PlanStatus,
    follow_up_period: (r.follow_up_period as string | null) ?? null,
    note: (r.note as string | null) ?? null,
  }));
}

async function driversFor(
  engine: Engine,
  card: ScorecardRecord,
  kpi: string,
  scope: Record<string, string>,
  target: number,
) {
  const def = findKpi(kpi);
  const dims = DRIVER_DIMENSIONS.filter((d) => def?.dimensions.includes(d) && scope[d] === undefined);
  if (card.subject_type === 'team' && def?.dimensions.includes('owner')) dims.push('owner');
  let basis: string | null = null;
  const drivers: GapDriver[] = [];
  for (const dim of dims) {
    let cells: Awaited<ReturnType<typeof computeMetrics>>;
    try {
      cells = await computeMetrics(engine, { kpis: [kpi], period: card.period_id, by: [dim], scope });
    } catch {
      continue;
    }
    const segments = cells
      .filter((c) => c.kpi === kpi)
      .map((c) => ({ value: String(c[dim] ?? '(none)'), actual: c.value, previous: c.previous }));
    if (!segments.length) continue;
    if (isAdditiveKpi(kpi)) {
      const result = additiveGapDrivers(dim, target, segments);
      basis = result.basis;
      drivers.push(...result.drivers.slice(0, 5));
    } else {
      basis = 'rate_vs_target';
      drivers.push(...rateGapDrivers(dim, target, def?.direction ?? 'higher', segments).slice(0, 5));
    }
  }
  return { basis, drivers };
}

/**
 * The review meeting (绩效面谈) of a scorecard: gap vs target per KPI with the channel/campaign (and owner for
 * teams) segments that explain it, this period's improvement plan, and open items from last period to follow up.
 */
export async function reviewView(engine: Engine, actor: Actor, scorecardId: string) {
  const card = await loadScorecard(engine, scorecardId);
  await assertSeesScorecard(engine, actor, card);
  const view = await evaluateScorecard(engine, card);
  const gaps: KpiGap[] = [];
  for (const item of view.items) {
    if (item.kind !== 'quantitative') continue;
    const target = item.target?.value ?? null;
    const gap = target === null || item.actual === null ? null : Math.round((item.actual - target) * 10000) / 10000;
    const missed = gap !== null && (findKpi(item.kpi)?.direction === 'lower' ? gap > 0 : gap < 0);
    const { basis, drivers } =
      missed && target !== null
        ? await driversFor(engine, card, item.kpi, item.scope, target)
        : { basis: null, drivers: [] };
    gaps.push({
      item_id: item.id,
      kpi: item.kpi,
      name_zh: item.name_zh,
      name_en: item.name_en,
      target,
      actual: item.actual,
      gap,
      achievement: item.achievement,
      basis,
      drivers,
    });
  }
  const { plan, follow_up } = await planOf(engine, card);
  return { scorecard_id: card.id, period: card.period_id, total: view.total, band: view.band, gaps, plan, follow_up };
}

/** A scorecard's improvement plan and the still-open items of the same subject's previous-period plan. */
export async function planOf(
  engine: Engine,
  card: ScorecardRecord,
): Promise<{ plan: PlanItem[]; follow_up: PlanItem[] }> {
  const previous = await findSubjectScorecard(
    engine,
    previousAssessmentPeriod(card.period_id),
    card.subject_type,
    card.subject_id,
  );
  const followUp = previous
    ? (await plansOf(engine, previous.id)).filter((p) => p.status !== 'done' && p.status !== 'dropped')
    : [];
  return { plan: await plansOf(engine, card.id), follow_up: followUp };
}

/** Adds an improvement plan item (manager of the person or admin); it is followed up in the next period. Audited. */
export async function addPlanItem(
  engine: Engine,
  actor: Actor,
  scorecardId: string,
  input: {
    action: string;
    owner_id?: string | null | undefined;
    due_date?: string | null | undefined;
    status?: PlanStatus | undefined;
  },
): Promise<PlanItem> {
  if (!input.action?.trim()) throw new ValidationError('field action: describe the action', [{ field: 'action' }]);
  if (input.due_date && !/^\d{4}-\d{2}-\d{2}$/.test(input.due_date)) {
    throw new ValidationError('field due_date: must be a date YYYY-MM-DD', [{ field: 'due_date' }]);
  }
  return engine.transaction(async (tx) => {
    const card = await loadScorecard(tx, scorecardId);
    await assertManagesScorecard(tx, actor, card);
    assertPeriodWritable(await getPeriod(tx, card.period_id), 'adding a plan item');
    const id = newId('plan');
    const now = nowIso();
    await tx.exec(
      `INSERT INTO review_plans (id, scorecard_id, action, owner_id, due_date, status, follow_up_period, note, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::DATE, $6, $7, NULL, $8, $9::TIMESTAMP, $9::TIMESTAMP)`,
      [
        id,
        scorecardId,
        input.action,
        input.owner_id ?? card.subject_id,
        input.due_date ?? null,
        input.status ?? 'open',
        nextAssessmentPeriod(card.period_id),
        actor.username,
        now,
      ],
    );
    const item = (await plansOf(tx, scorecardId)).find((p) => p.id === id) as PlanItem;
    await auditChange(tx, actor, { entity: 'review_plan', entityId: id, action: 'create', after: item });
    return item;
  });
}

/** Updates a plan item's status/note (its owner, the manager, or admin); allowed while following up. Audited. */
export async function updatePlanItem(
  engine: Engine,
  actor: Actor,
  planId: string,
  input: { status: PlanStatus; note?: string | null | undefined },
): Promise<PlanItem> {
  if (!PLAN_STATUSES.includes(input.status)) {
    throw new ValidationError(`field status: must be one of ${PLAN_STATUSES.join(', ')}`, [{ field: 'status' }]);
  }
  return engine.transaction(async (tx) => {
    const row = (await tx.query('SELECT scorecard_id FROM review_plans WHERE id = $1', [planId]))[0];
    if (!row) throw new NotFoundError(`plan item ${planId} not found`);
    const card = await loadScorecard(tx, String(row.scorecard_id));
    const before = (await plansOf(tx, card.id)).find((p) => p.id === planId) as PlanItem;
    if (before.owner_id !== actor.personId) {
      try {
        await assertManagesScorecard(tx, actor, card);
      } catch {
        throw new ForbiddenError('only the owner of the plan item, the manager or an admin may update it');
      }
    }
    await tx.exec(
      'UPDATE review_plans SET status = $1, note = coalesce($2, note), updated_at = $3::TIMESTAMP WHERE id = $4',
      [input.status, input.note ?? null, nowIso(), planId],
    );
    const after = (await plansOf(tx, card.id)).find((p) => p.id === planId) as PlanItem;
    await auditChange(tx, actor, { entity: 'review_plan', entityId: planId, action: 'update', before, after });
    return after;
  });
}
