import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { type Actor, requireRole } from '../org/actor.js';
import { auditChange } from '../org/audit.js';
import { isoDate, nowIso } from '../org/util.js';
import { snapshotPeriod } from '../scorecards/snapshots.js';
import { type PeriodKind, parseAssessmentPeriod } from './period-id.js';

/** Workflow states in order (DESIGN.md "Workflow"). */
export const PERIOD_STATUSES = ['draft', 'targets_approved', 'in_progress', 'review', 'calibration', 'locked'] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

/** A stored assessment period. */
export interface Period {
  id: string;
  kind: PeriodKind;
  start_date: string;
  end_date: string;
  status: PeriodStatus;
}

function toPeriod(row: Record<string, unknown>): Period {
  return {
    id: String(row.id),
    kind: row.kind as PeriodKind,
    start_date: isoDate(row.start_date) ?? '',
    end_date: isoDate(row.end_date) ?? '',
    status: row.status as PeriodStatus,
  };
}

/** All periods, newest first. */
export async function listPeriods(engine: Engine): Promise<Period[]> {
  return (await engine.query('SELECT * FROM periods ORDER BY start_date DESC, kind')).map(toPeriod);
}

/** One period or null. */
export async function findPeriod(engine: Engine, id: string): Promise<Period | null> {
  const row = (await engine.query('SELECT * FROM periods WHERE id = $1', [id]))[0];
  return row ? toPeriod(row) : null;
}

/** One period; 404 if unknown. */
export async function getPeriod(engine: Engine, id: string): Promise<Period> {
  const period = await findPeriod(engine, id);
  if (!period) throw new NotFoundError(`period ${id} not found`);
  return period;
}

/** Throws 409 when the period is locked: writes to it must fail and change nothing. */
export function assertPeriodWritable(period: Period, what: string): void {
  if (period.status === 'locked') {
    throw new ConflictError(`period ${period.id} is locked: ${what} is not allowed (reopen it first)`, 'period_locked');
  }
}

/** Creates a period in draft (admin/manager), audited; 409 if it exists. */
export async function createPeriod(engine: Engine, actor: Actor, id: string): Promise<Period> {
  requireRole(actor, ['admin', 'manager'], 'create period');
  const span = parseAssessmentPeriod(id);
  return engine.transaction(async (tx) => {
    if (await findPeriod(tx, id)) throw new ConflictError(`period ${id} already exists`);
    const now = nowIso();
    await tx.exec(
      `INSERT INTO periods (id, kind, start_date, end_date, status, created_by, created_at, updated_at)
       VALUES ($1, $2, $3::DATE, $4::DATE, 'draft', $5, $6::TIMESTAMP, $6::TIMESTAMP)`,
      [id, span.kind, span.start_date, span.end_date, actor.username, now],
    );
    const period = await getPeriod(tx, id);
    await auditChange(tx, actor, { entity: 'period', entityId: id, action: 'create', after: period });
    return period;
  });
}

/**
 * Moves a period along draft → targets_approved → in_progress → review → calibration → locked (one or more steps
 * forward, admin/manager). Going back (reopen) needs admin and a reason. Audited. Entering calibration or locked
 * stores every scorecard's score as a snapshot in the same transaction, so locked results never change.
 */
export async function transitionPeriod(
  engine: Engine,
  actor: Actor,
  id: string,
  to: string,
  reason?: string | null,
): Promise<Period> {
  requireRole(actor, ['admin', 'manager'], 'change period status');
  const target = PERIOD_STATUSES.indexOf(to as PeriodStatus);
  if (target < 0) {
    throw new ValidationError(`field to: "${to}" is not one of ${PERIOD_STATUSES.join(', ')}`, [{ field: 'to' }]);
  }
  return engine.transaction(async (tx) => {
    const before = await getPeriod(tx, id);
    const current = PERIOD_STATUSES.indexOf(before.status);
    if (target === current) throw new ConflictError(`period ${id} is already ${to}`);
    if (target < current) {
      requireRole(actor, ['admin'], 'reopen period');
      if (!reason?.trim())
        throw new ValidationError('field reason: reopening a period needs a reason', [{ field: 'reason' }]);
    }
    await tx.exec('UPDATE periods SET status = $1, updated_at = $2::TIMESTAMP WHERE id = $3', [to, nowIso(), id]);
    const after = await getPeriod(tx, id);
    await auditChange(tx, actor, {
      entity: 'period',
      entityId: id,
      action: target < current ? 'reopen' : 'transition',
      before,
      after,
      reason: reason ?? null,
    });
    if (after.status === 'calibration' || after.status === 'locked') await snapshotPeriod(tx, after);
    return after;
  });
}
