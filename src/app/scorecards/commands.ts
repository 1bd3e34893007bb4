import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { type Actor, requireRole } from '../org/actor.js';
import { auditChange } from '../org/audit.js';
import { findPerson, managesPerson } from '../org/people.js';
import { newId, nowIso } from '../org/util.js';
import { assertPeriodWritable, getPeriod, type Period } from '../periods/periods.js';
import { assertManagesScorecard } from './access.js';
import { isManualKpi, itemsFromTemplate, type LintWarning, lintItems } from './core-bridge.js';
import { type CardItem, parseItems } from './items.js';
import { sanitizeHtml } from './sanitize-html.js';
import {
  findSubjectScorecard,
  loadScorecard,
  managerAssessmentOf,
  type ScorecardRecord,
  type SelfReport,
  selfReportOf,
} from './store.js';

/** Throws 409 when targets/weights can no longer change (period locked or in calibration). */
function assertItemsEditable(period: Period): void {
  assertPeriodWritable(period, 'changing scorecard items');
  if (period.status === 'calibration') {
    throw new ConflictError(`period ${period.id} is in calibration: items and targets are frozen`, 'period_frozen');
  }
}

/** Input of createScorecard: a person or a team, a period, a template and optional targets per KPI. */
export interface CreateScorecardInput {
  person_id?: string | undefined;
  team?: string | undefined;
  period: string;
  template_id: string;
  targets?: Record<string, number> | undefined;
}

/**
 * Creates a person's (default scope owner=<id>) or team's (scope team=<name>) scorecard for a period from a
 * template (admin, or the person's manager). Returns the record and the lint warnings. Audited.
 */
export async function createScorecard(
  engine: Engine,
  actor: Actor,
  input: CreateScorecardInput,
): Promise<{ card: ScorecardRecord; warnings: LintWarning[] }> {
  requireRole(actor, ['admin', 'manager'], 'create scorecard');
  if (!input.person_id === !input.team) {
    throw new ValidationError('field person_id: give either person_id or team', [{ field: 'person_id' }]);
  }
  const subjectType = input.person_id ? 'person' : 'team';
  const subjectId = (input.person_id ?? input.team) as string;
  if (subjectType === 'person') {
    if (!(await findPerson(engine, subjectId))) throw new NotFoundError(`person ${subjectId} not found`);
    if (!(await managesPerson(engine, actor, subjectId)))
      throw new ForbiddenError(`person ${subjectId} is not in your team`);
  }
  const scope = subjectType === 'person' ? { owner: subjectId } : { team: subjectId };
  const items = itemsFromTemplate(input.template_id, input.targets ?? {}).map((item) =>
    item.kind === 'quantitative' ? { ...item, scope: { ...scope, ...item.scope } } : item,
  );
  return engine.transaction(async (tx) => {
    assertItemsEditable(await getPeriod(tx, input.period));
    if (await findSubjectScorecard(tx, input.period, subjectType, subjectId)) {
      throw new ConflictError(`${subjectId} already has a scorecard for ${input.period}`);
    }
    const id = newId('sc');
    const now = nowIso();
    await tx.exec(
      `INSERT INTO scorecards (id, period_id, subject_type, subject_id, template_id, status, items, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8::TIMESTAMP, $8::TIMESTAMP)`,
      [id, input.period, subjectType, subjectId, input.template_id, JSON.stringify(items), actor.username, now],
    );
    const card = await loadScorecard(tx, id);
    await auditChange(tx, actor, { entity: 'scorecard', entityId: id, action: 'create', after: card });
    return { card, warnings: lintItems(card.items) };
  });
}

/**
 * Replaces a scorecard's items (weights, scope, rules, targets); an approved card goes back to draft. Lint runs
 * and its warnings are returned. A quantitative item sent without a scope gets the card's (owner=<person> or
 * team=<team>); an explicit empty scope means company-wide. Manual actuals are only accepted for KPIs declared manual (who/when set here).
 */
export async function updateScorecardItems(
  engine: Engine,
  actor: Actor,
  id: string,
  rawItems: unknown,
): Promise<{ card: ScorecardRecord; warnings: LintWarning[] }> {
  requireRole(actor, ['admin', 'manager'], 'edit scorecard');
  const items = parseItems(rawItems);
  return engine.transaction(async (tx) => {
    const before = await loadScorecard(tx, id);
    await assertManagesScorecard(tx, actor, before);
    assertItemsEditable(await getPeriod(tx, before.period_id));
    const scope: Record<string, string> =
      before.subject_type === 'person' ? { owner: before.subject_id } : { team: before.subject_id };
    // An item sent without `scope` measures the card's subject; an explicit `{}` is company-wide.
    const raw = Array.isArray(rawItems) ? rawItems : [];
    const scoped = items.map(
      (item, i): CardItem =>
        item.kind === 'quantitative' && (raw[i] as { scope?: unknown } | undefined)?.scope === undefined
          ? { ...item, scope }
          : item,
    );
    const stamped = stampManualActuals(scoped, before.items, actor);
    await tx.exec(
      `UPDATE scorecards SET items = $1, status = 'draft', approved_by = NULL, approved_at = NULL, updated_at = $2::TIMESTAMP
       WHERE id = $3`,
      [JSON.stringify(stamped), nowIso(), id],
    );
    const card = await loadScorecard(tx, id);
    const warnings = lintItems(card.items);
    await auditChange(tx, actor, { entity: 'scorecard', entityId: id, action: 'update_items', before, after: card });
    return { card, warnings };
  });
}

function stampManualActuals(items: CardItem[], previous: CardItem[], actor: Actor): CardItem[] {
  return items.map((item, i) => {
    if (!item.manual_actual) return item;
    if (!isManualKpi(item.kpi)) {
      throw new ValidationError(
        `field items.${i}.manual_actual: KPI ${item.kpi} is computed from data; only KPIs declared manual take a typed actual`,
        [{ field: `items.${i}.manual_actual` }],
      );
    }
    const old = previous.find((p) => p.id === item.id)?.manual_actual;
    if (old && old.value === item.manual_actual.value) return { ...item, manual_actual: old };
    return { ...item, manual_actual: { value: item.manual_actual.value, by: actor.username, at: nowIso() } };
  });
}

/** Approves a scorecard's targets (the person's manager or admin). Audited. */
export async function approveScorecard(engine: Engine, actor: Actor, id: string): Promise<ScorecardRecord> {
  return engine.transaction(async (tx) => {
    const before = await loadScorecard(tx, id);
    await assertManagesScorecard(tx, actor, before);
    assertPeriodWritable(await getPeriod(tx, before.period_id), 'approving targets');
    if (before.status === 'approved') throw new ConflictError(`scorecard ${id} is already approved`);
    const missing = before.items.filter((i) => i.kind === 'quantitative' && (i.target?.value ?? null) === null);
    if (missing.length) {
      throw new ValidationError(`items ${missing.map((i) => i.id).join(', ')} have no target value`, [
        { field: 'items' },
      ]);
    }
    const now = nowIso();
    await tx.exec(
      `UPDATE scorecards SET status = 'approved', approved_by = $1, approved_at = $2::TIMESTAMP, updated_at = $2::TIMESTAMP WHERE id = $3`,
      [actor.username, now, id],
    );
    const after = await loadScorecard(tx, id);
    await auditChange(tx, actor, { entity: 'scorecard', entityId: id, action: 'approve', before, after });
    return after;
  });
}

/** Records the manager's 1–5 scores per qualitative item (manager of the person or admin). Audited. */
export async function assessScorecard(
  engine: Engine,
  actor: Actor,
  id: string,
  input: { scores: Record<string, number>; comment?: string | null | undefined },
): Promise<{ scores: Record<string, number>; comment: string | null }> {
  return engine.transaction(async (tx) => {
    const card = await loadScorecard(tx, id);
    await assertManagesScorecard(tx, actor, card);
    if (actor.personId && card.subject_type === 'person' && card.subject_id === actor.personId) {
      throw new ForbiddenError('you cannot assess your own scorecard');
    }
    assertPeriodWritable(await getPeriod(tx, card.period_id), 'manager assessment');
    for (const [itemId, score] of Object.entries(input.scores)) {
      const item = card.items.find((i) => i.id === itemId);
      if (!item)
        throw new ValidationError(`field scores.${itemId}: no such item on this scorecard`, [
          { field: `scores.${itemId}` },
        ]);
      if (item.kind !== 'qualitative') {
        throw new ValidationError(`field scores.${itemId}: ${item.kpi} is quantitative, its score comes from data`, [
          { field: `scores.${itemId}` },
        ]);
      }
      if (!Number.isInteger(score) || score < 1 || score > 5) {
        throw new ValidationError(`field scores.${itemId}: must be an integer 1–5`, [{ field: `scores.${itemId}` }]);
      }
    }
    const before = await managerAssessmentOf(tx, id);
    await tx.exec('DELETE FROM manager_assessments WHERE scorecard_id = $1', [id]);
    await tx.exec('INSERT INTO manager_assessments VALUES ($1, $2, $3, $4, $5::TIMESTAMP)', [
      id,
      JSON.stringify(input.scores),
      input.comment ?? null,
      actor.personId ?? actor.username,
      nowIso(),
    ]);
    const after = { scores: input.scores, comment: input.comment ?? null };
    await auditChange(tx, actor, {
      entity: 'scorecard',
      entityId: id,
      action: 'manager_assessment',
      before: before && { scores: before.scores, comment: before.comment },
      after,
    });
    return after;
  });
}

/** Writes the owner's self-report (rich text sanitised, attachments as links). Audited. */
export async function writeSelfReport(
  engine: Engine,
  actor: Actor,
  id: string,
  input: { content: string; attachments?: { name: string; url: string }[] | undefined },
): Promise<SelfReport> {
  return engine.transaction(async (tx) => {
    const card = await loadScorecard(tx, id);
    if (card.subject_type !== 'person' || card.subject_id !== actor.personId) {
      throw new ForbiddenError('only the owner of the scorecard writes its self-report');
    }
    assertPeriodWritable(await getPeriod(tx, card.period_id), 'writing the self-report');
    const attachments = (input.attachments ?? []).map((a, i) => {
      if (!/^(https?:\/\/|\/)/i.test(a.url)) {
        throw new ValidationError(`field attachments.${i}.url: must be an http(s) or site-relative link`, [
          { field: `attachments.${i}.url` },
        ]);
      }
      return { name: a.name, url: a.url };
    });
    const before = await selfReportOf(tx, id);
    await tx.exec('DELETE FROM self_reports WHERE scorecard_id = $1', [id]);
    await tx.exec('INSERT INTO self_reports VALUES ($1, $2, $3, $4, $5::TIMESTAMP)', [
      id,
      sanitizeHtml(input.content),
      JSON.stringify(attachments),
      actor.username,
      nowIso(),
    ]);
    const after = await selfReportOf(tx, id);
    await auditChange(tx, actor, { entity: 'self_report', entityId: id, action: 'write', before, after });
    return after;
  });
}

/** Adds a dynamic bonus item (创新加分) with cap, reason and the approving actor (manager/admin). Audited. */
export async function addBonusItem(
  engine: Engine,
  actor: Actor,
  id: string,
  input: { points: number; cap?: number | undefined; reason: string },
): Promise<{ id: string }> {
  if (!input.reason.trim())
    throw new ValidationError('field reason: a bonus item needs a reason', [{ field: 'reason' }]);
  const cap = input.cap ?? 10;
  if (!(input.points > 0) || !(cap > 0)) {
    throw new ValidationError('field points: points and cap must be positive', [{ field: 'points' }]);
  }
  return engine.transaction(async (tx) => {
    const card = await loadScorecard(tx, id);
    await assertManagesScorecard(tx, actor, card);
    assertPeriodWritable(await getPeriod(tx, card.period_id), 'adding a bonus item');
    const bonusId = newId('bonus');
    const row = { points: input.points, cap, reason: input.reason, approver_id: actor.personId ?? actor.username };
    await tx.exec('INSERT INTO bonus_items VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP)', [
      bonusId,
      id,
      row.points,
      row.cap,
      row.reason,
      row.approver_id,
      actor.username,
      nowIso(),
    ]);
    await auditChange(tx, actor, {
      entity: 'scorecard',
      entityId: id,
      action: 'add_bonus',
      after: { id: bonusId, ...row },
      reason: input.reason,
    });
    return { id: bonusId };
  });
}
