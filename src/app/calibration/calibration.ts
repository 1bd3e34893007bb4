import { ConflictError, ValidationError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { type CalibrationGuidance, ratingBands, workflowSettings } from '../incentives/settings.js';
import { type Actor, requireRole } from '../org/actor.js';
import { auditChange } from '../org/audit.js';
import { newId, nowIso } from '../org/util.js';
import { assertPeriodWritable, getPeriod } from '../periods/periods.js';
import { assertManagesScorecard } from '../scorecards/access.js';
import { evaluateScorecard, snapshotScorecard } from '../scorecards/evaluate.js';
import { visibleScorecards } from '../scorecards/list.js';
import { loadScorecard } from '../scorecards/store.js';

/** A guidance breach: a band's share above its maximum (or below its minimum). */
export interface GuidanceWarning {
  band: string;
  share: number;
  limit: number;
  kind: 'max' | 'min';
  message_zh: string;
  message_en: string;
}

/** Band counts and shares of a group, and the guidance breaches. */
export function checkDistribution(
  bandsOrder: readonly string[],
  bands: readonly (string | null)[],
  guidance: CalibrationGuidance,
): { distribution: Record<string, number>; shares: Record<string, number>; warnings: GuidanceWarning[] } {
  const distribution: Record<string, number> = Object.fromEntries(bandsOrder.map((b) => [b, 0]));
  const rated = bands.filter((b): b is string => b !== null);
  for (const b of rated) distribution[b] = (distribution[b] ?? 0) + 1;
  const shares: Record<string, number> = {};
  for (const [b, n] of Object.entries(distribution))
    shares[b] = rated.length ? Math.round((n / rated.length) * 1000) / 1000 : 0;
  const warnings: GuidanceWarning[] = [];
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  if (rated.length) {
    for (const [band, limit] of Object.entries(guidance.max_share)) {
      const share = (distribution[band] ?? 0) / rated.length;
      if (share > limit + 1e-9) {
        warnings.push({
          band,
          share,
          limit,
          kind: 'max',
          message_zh: `${band} 档占比 ${pct(share)}，超过指导上限 ${pct(limit)}`,
          message_en: `band ${band} is ${pct(share)} of ratings, above the guidance maximum of ${pct(limit)}`,
        });
      }
    }
    for (const [band, limit] of Object.entries(guidance.min_share)) {
      const share = (distribution[band] ?? 0) / rated.length;
      if (share < limit - 1e-9) {
        warnings.push({
          band,
          share,
          limit,
          kind: 'min',
          message_zh: `${band} 档占比 ${pct(share)}，低于指导下限 ${pct(limit)}`,
          message_en: `band ${band} is ${pct(share)} of ratings, below the guidance minimum of ${pct(limit)}`,
        });
      }
    }
  }
  return { distribution, shares, warnings };
}

/** One person in the calibration view. */
export interface CalibrationPerson {
  scorecard_id: string;
  person_id: string | null;
  person_name: string | null;
  team: string | null;
  department: string | null;
  total: number | null;
  computed_band: string | null;
  band: string | null;
  override_reason: string | null;
}

/**
 * The calibration view of a period (optionally one team): people with totals and bands, the distribution with
 * guidance warnings overall and per team and department.
 */
export async function calibrationView(
  engine: Engine,
  actor: Actor,
  input: { period: string; team?: string | undefined },
) {
  requireRole(actor, ['admin', 'hr', 'manager'], 'calibration');
  const settings = await workflowSettings(engine);
  const period = await getPeriod(engine, input.period);
  const people: CalibrationPerson[] = [];
  for (const card of await visibleScorecards(engine, actor, { period: input.period })) {
    if (card.subject_type !== 'person') continue;
    const view = await evaluateScorecard(engine, card);
    if (input.team && view.team !== input.team) continue;
    people.push({
      scorecard_id: card.id,
      person_id: view.person_id,
      person_name: view.person_name,
      team: view.team,
      department: view.department,
      total: view.total,
      computed_band: view.computed_band,
      band: view.band,
      override_reason: card.band_reason,
    });
  }
  const order = ratingBands(settings).map((b) => b.band);
  const { distribution, shares, warnings } = checkDistribution(
    order,
    people.map((p) => p.band),
    settings.guidance,
  );
  const groupBy = (key: 'team' | 'department') =>
    [...new Set(people.map((p) => p[key] ?? '—'))].sort().map((name) => {
      const bands = people.filter((p) => (p[key] ?? '—') === name).map((p) => p.band);
      const group = checkDistribution(order, bands, settings.guidance);
      return { [key]: name, distribution: group.distribution, warnings: group.warnings };
    });
  return {
    period: input.period,
    period_status: period.status,
    distribution,
    shares,
    guidance: settings.guidance,
    warnings,
    by_team: groupBy('team'),
    by_department: groupBy('department'),
    people,
  };
}

/** Changes a person's band during calibration with a reason (manager of the person, HR, admin). Audited. */
export async function adjustBand(
  engine: Engine,
  actor: Actor,
  input: { scorecard_id: string; band: string; reason: string },
): Promise<{ scorecard_id: string; from: string | null; to: string }> {
  requireRole(actor, ['admin', 'hr', 'manager'], 'calibration adjustment');
  if (!input.reason?.trim())
    throw new ValidationError('field reason: a band change needs a reason', [{ field: 'reason' }]);
  const settings = await workflowSettings(engine);
  if (!ratingBands(settings).some((b) => b.band === input.band)) {
    throw new ValidationError(`field band: "${input.band}" is not a rating band`, [{ field: 'band' }]);
  }
  return engine.transaction(async (tx) => {
    const card = await loadScorecard(tx, input.scorecard_id);
    if (actor.role === 'manager') await assertManagesScorecard(tx, actor, card);
    const period = await getPeriod(tx, card.period_id);
    assertPeriodWritable(period, 'changing a band');
    if (period.status !== 'calibration') {
      throw new ConflictError(
        `period ${period.id} is ${period.status}: bands change only during calibration`,
        'not_in_calibration',
      );
    }
    const before = await evaluateScorecard(tx, card);
    await tx.exec(
      'UPDATE scorecards SET band_override = $1, band_reason = $2, updated_at = $3::TIMESTAMP WHERE id = $4',
      [input.band, input.reason, nowIso(), card.id],
    );
    await tx.exec('INSERT INTO calibration_adjustments VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP)', [
      newId('cal'),
      card.id,
      before.band,
      input.band,
      input.reason,
      actor.username,
      nowIso(),
    ]);
    const after = await snapshotScorecard(tx, await loadScorecard(tx, card.id), period);
    await auditChange(tx, actor, {
      entity: 'scorecard',
      entityId: card.id,
      action: 'calibrate_band',
      before: { band: before.band, incentive: before.incentive },
      after: { band: after.band, incentive: after.incentive },
      reason: input.reason,
    });
    return { scorecard_id: card.id, from: before.band, to: input.band };
  });
}
