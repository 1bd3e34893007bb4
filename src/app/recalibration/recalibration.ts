import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { findKpi } from '../../core/kpi/index.js';
import type { Engine, Row } from '../../warehouse/engine.js';
import { computeMetrics } from '../metrics.js';
import { type Actor, requireRole } from '../org/actor.js';
import { auditChange } from '../org/audit.js';
import { newId, nowIso, parseJson } from '../org/util.js';
import { previousAssessmentPeriod } from '../periods/period-id.js';
import { assertPeriodWritable, getPeriod } from '../periods/periods.js';
import { evaluateScorecard } from '../scorecards/evaluate.js';
import { loadScorecard, type ScorecardRecord, scorecardsOfPeriod } from '../scorecards/store.js';

/** A proposal: new item weights and/or KPI definition versions for the scorecards of one template in a period. */
export const proposalSchema = z.object({
  period: z.string().min(4).max(20),
  template_id: z.string().min(1).max(64),
  weights: z.record(z.string(), z.number().min(0).max(100)).default({}),
  /** KPI id → effective date of the definition version to use (e.g. mql_count → 2026-04-01). */
  kpi_versions: z.record(z.string(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')).default({}),
  reason: z.string().min(1, 'a recalibration needs a reason').max(2000),
});
export type Proposal = z.infer<typeof proposalSchema>;

/** A stored recalibration. */
export interface Recalibration {
  id: string;
  period: string;
  template_id: string;
  weights: Record<string, number>;
  kpi_versions: Record<string, string>;
  reason: string;
  status: 'proposed' | 'approved' | 'rejected';
  proposed_by: string | null;
  proposed_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

function toRecalibration(r: Row): Recalibration {
  const proposal = parseJson<{ weights?: Record<string, number>; kpi_versions?: Record<string, string> }>(
    r.proposal,
    {},
  );
  return {
    id: String(r.id),
    period: String(r.period_id),
    template_id: String(r.template_id),
    weights: proposal.weights ?? {},
    kpi_versions: proposal.kpi_versions ?? {},
    reason: String(r.reason),
    status: r.status as Recalibration['status'],
    proposed_by: (r.proposed_by as string | null) ?? null,
    proposed_at: ts(r.proposed_at),
    decided_by: (r.decided_by as string | null) ?? null,
    decided_at: ts(r.decided_at),
  };
}

async function templateCards(engine: Engine, period: string, templateId: string): Promise<ScorecardRecord[]> {
  return (await scorecardsOfPeriod(engine, period, 'person')).filter((c) => c.template_id === templateId);
}

/** Proposes new weights / KPI versions for a template's scorecards of a period (admin/manager/analyst). Audited. */
export async function proposeRecalibration(engine: Engine, actor: Actor, input: unknown): Promise<Recalibration> {
  requireRole(actor, ['admin', 'manager', 'analyst'], 'propose recalibration');
  const parsed = proposalSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new ValidationError(`field ${field}: ${issue?.message}`, [{ field }]);
  }
  const p = parsed.data;
  for (const kpi of Object.keys(p.kpi_versions)) {
    if (!findKpi(kpi))
      throw new ValidationError(`field kpi_versions.${kpi}: unknown KPI`, [{ field: `kpi_versions.${kpi}` }]);
  }
  return engine.transaction(async (tx) => {
    assertPeriodWritable(await getPeriod(tx, p.period), 'recalibration');
    const id = newId('recal');
    await tx.exec(
      `INSERT INTO recalibrations (id, period_id, template_id, proposal, reason, status, proposed_by, proposed_at)
       VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7::TIMESTAMP)`,
      [
        id,
        p.period,
        p.template_id,
        JSON.stringify({ weights: p.weights, kpi_versions: p.kpi_versions }),
        p.reason,
        actor.username,
        nowIso(),
      ],
    );
    const rec = await getRecalibration(tx, id);
    await auditChange(tx, actor, {
      entity: 'recalibration',
      entityId: id,
      action: 'propose',
      after: rec,
      reason: p.reason,
    });
    return rec;
  });
}

/** One recalibration; 404 if unknown. */
export async function getRecalibration(engine: Engine, id: string): Promise<Recalibration> {
  const row = (await engine.query('SELECT * FROM recalibrations WHERE id = $1', [id]))[0];
  if (!row) throw new NotFoundError(`recalibration ${id} not found`);
  return toRecalibration(row);
}

/** Recalibrations, optionally of one period. */
export async function listRecalibrations(engine: Engine, period?: string): Promise<Recalibration[]> {
  const rows = period
    ? await engine.query('SELECT * FROM recalibrations WHERE period_id = $1 ORDER BY proposed_at DESC', [period])
    : await engine.query('SELECT * FROM recalibrations ORDER BY proposed_at DESC');
  return rows.map(toRecalibration);
}

/**
 * Side by side with last quarter, per KPI of the template: last quarter's weight and mean achievement, the proposed
 * weight, and last quarter's company value under the current and the proposed definition version.
 */
export async function compareRecalibration(engine: Engine, id: string) {
  const rec = await getRecalibration(engine, id);
  const previous = previousAssessmentPeriod(rec.period);
  const lastCards = await templateCards(engine, previous, rec.template_id);
  const currentCards = await templateCards(engine, rec.period, rec.template_id);
  const views = await Promise.all(lastCards.map((c) => evaluateScorecard(engine, c)));
  const itemIds = [
    ...new Set([
      ...(currentCards[0]?.items ?? lastCards[0]?.items ?? []).map((i) => i.id),
      ...Object.keys(rec.weights),
    ]),
  ];
  const rows = [];
  for (const itemId of itemIds) {
    const lastItems = views.map((v) => v.items.find((i) => i.id === itemId)).filter((i) => i !== undefined);
    const currentItem = currentCards[0]?.items.find((i) => i.id === itemId);
    const kpi = currentItem?.kpi ?? lastItems[0]?.kpi ?? itemId;
    const achievements = lastItems.map((i) => i.achievement).filter((a): a is number => a !== null);
    const version = rec.kpi_versions[kpi];
    let underCurrent: number | null = null;
    let underProposed: number | null = null;
    if (version && findKpi(kpi)) {
      underCurrent = (await computeMetrics(engine, { kpis: [kpi], period: previous }))[0]?.value ?? null;
      underProposed = (await computeMetrics(engine, { kpis: [kpi], period: previous, version }))[0]?.value ?? null;
    }
    rows.push({
      item_id: itemId,
      kpi,
      last_weight: lastItems[0]?.weight ?? null,
      current_weight: currentItem?.weight ?? null,
      proposed_weight: rec.weights[itemId] ?? currentItem?.weight ?? null,
      last_mean_achievement: achievements.length
        ? Math.round((achievements.reduce((a, b) => a + b, 0) / achievements.length) * 100) / 100
        : null,
      proposed_version: version ?? null,
      last_value_current_version: underCurrent,
      last_value_proposed_version: underProposed,
    });
  }
  return {
    recalibration: rec,
    previous_period: previous,
    scorecards_last: lastCards.length,
    scorecards_affected: currentCards.length,
    items: rows,
  };
}

/**
 * Approves (admin) a proposal and applies it to the template's scorecards of the period: weights by item id and
 * KPI versions by KPI; the new weights must still total 100. Audited per scorecard and for the decision.
 */
export async function decideRecalibration(
  engine: Engine,
  actor: Actor,
  id: string,
  approve: boolean,
  note?: string | null,
): Promise<Recalibration> {
  requireRole(actor, ['admin'], 'decide recalibration');
  return engine.transaction(async (tx) => {
    const before = await getRecalibration(tx, id);
    if (before.status !== 'proposed') throw new ConflictError(`recalibration ${id} was already ${before.status}`);
    const period = await getPeriod(tx, before.period);
    assertPeriodWritable(period, 'recalibration');
    if (approve) {
      if (period.status === 'calibration')
        throw new ConflictError(`period ${period.id} is in calibration: weights are frozen`, 'period_frozen');
      for (const card of await templateCards(tx, before.period, before.template_id)) {
        const cardBefore = await loadScorecard(tx, card.id);
        const items = card.items.map((i) => ({
          ...i,
          weight: before.weights[i.id] ?? i.weight,
          version: before.kpi_versions[i.kpi] ?? i.version,
        }));
        const total = Math.round(items.reduce((a, i) => a + i.weight, 0) * 1e6) / 1e6;
        if (total !== 100)
          throw new ValidationError(`field weights: the weights of ${card.id} would total ${total}, not 100`, [
            { field: 'weights' },
          ]);
        await tx.exec(
          `UPDATE scorecards SET items = $1, status = 'draft', approved_by = NULL, approved_at = NULL, updated_at = $2::TIMESTAMP WHERE id = $3`,
          [JSON.stringify(items), nowIso(), card.id],
        );
        await auditChange(tx, actor, {
          entity: 'scorecard',
          entityId: card.id,
          action: 'recalibrate',
          before: cardBefore.items,
          after: items,
          reason: before.reason,
        });
      }
    }
    await tx.exec('UPDATE recalibrations SET status = $1, decided_by = $2, decided_at = $3::TIMESTAMP WHERE id = $4', [
      approve ? 'approved' : 'rejected',
      actor.username,
      nowIso(),
      id,
    ]);
    const after = await getRecalibration(tx, id);
    await auditChange(tx, actor, {
      entity: 'recalibration',
      entityId: id,
      action: approve ? 'approve' : 'reject',
      before,
      after,
      reason: note ?? null,
    });
    return after;
  });
}
