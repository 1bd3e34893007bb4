import { NotFoundError } from '../../core/errors.js';
import type { Engine, Row } from '../../warehouse/engine.js';
import { parseJson } from '../org/util.js';
import { type CardItem, cardItemSchema } from './items.js';

/** A stored scorecard (person or team, one per period). */
export interface ScorecardRecord {
  id: string;
  period_id: string;
  subject_type: 'person' | 'team';
  subject_id: string;
  template_id: string | null;
  status: 'draft' | 'approved';
  items: CardItem[];
  approved_by: string | null;
  approved_at: string | null;
  band_override: string | null;
  band_reason: string | null;
  created_at: string;
  updated_at: string;
}

const ts = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

function toRecord(r: Row): ScorecardRecord {
  return {
    id: String(r.id),
    period_id: String(r.period_id),
    subject_type: r.subject_type as 'person' | 'team',
    subject_id: String(r.subject_id),
    template_id: (r.template_id as string | null) ?? null,
    status: r.status as 'draft' | 'approved',
    items: parseJson<unknown[]>(r.items, []).map((i) => cardItemSchema.parse(i)),
    approved_by: (r.approved_by as string | null) ?? null,
    approved_at: ts(r.approved_at),
    band_override: (r.band_override as string | null) ?? null,
    band_reason: (r.band_reason as string | null) ?? null,
    created_at: ts(r.created_at) ?? '',
    updated_at: ts(r.updated_at) ?? '',
  };
}

/** One scorecard record or null. */
export async function findScorecard(engine: Engine, id: string): Promise<ScorecardRecord | null> {
  const row = (await engine.query('SELECT * FROM scorecards WHERE id = $1', [id]))[0];
  return row ? toRecord(row) : null;
}

/** One scorecard record; 404 if unknown. */
export async function loadScorecard(engine: Engine, id: string): Promise<ScorecardRecord> {
  const card = await findScorecard(engine, id);
  if (!card) throw new NotFoundError(`scorecard ${id} not found`);
  return card;
}

/** The scorecard of a subject in a period, or null. */
export async function findSubjectScorecard(
  engine: Engine,
  period: string,
  subjectType: 'person' | 'team',
  subjectId: string,
): Promise<ScorecardRecord | null> {
  const row = (
    await engine.query('SELECT * FROM scorecards WHERE period_id = $1 AND subject_type = $2 AND subject_id = $3', [
      period,
      subjectType,
      subjectId,
    ])
  )[0];
  return row ? toRecord(row) : null;
}

/** All scorecards of a period (optionally of one subject type). */
export async function scorecardsOfPeriod(
  engine: Engine,
  period: string,
  subjectType?: 'person' | 'team',
): Promise<ScorecardRecord[]> {
  const rows = subjectType
    ? await engine.query('SELECT * FROM scorecards WHERE period_id = $1 AND subject_type = $2 ORDER BY subject_id', [
        period,
        subjectType,
      ])
    : await engine.query('SELECT * FROM scorecards WHERE period_id = $1 ORDER BY subject_type, subject_id', [period]);
  return rows.map(toRecord);
}

/** Every scorecard (all periods), newest period first. */
export async function allScorecards(engine: Engine): Promise<ScorecardRecord[]> {
  return (await engine.query('SELECT * FROM scorecards ORDER BY period_id DESC, subject_type, subject_id')).map(
    toRecord,
  );
}

/** A dynamic bonus item (创新加分). */
export interface BonusItem {
  id: string;
  points: number;
  cap: number;
  reason: string;
  approver_id: string | null;
  created_at: string;
}

/** Bonus items of a scorecard. */
export async function bonusItemsOf(engine: Engine, scorecardId: string): Promise<BonusItem[]> {
  const rows = await engine.query('SELECT * FROM bonus_items WHERE scorecard_id = $1 ORDER BY created_at, id', [
    scorecardId,
  ]);
  return rows.map((r) => ({
    id: String(r.id),
    points: Number(r.points),
    cap: Number(r.cap),
    reason: String(r.reason),
    approver_id: (r.approver_id as string | null) ?? null,
    created_at: ts(r.created_at) ?? '',
  }));
}

/** A self-report (述职). */
export interface SelfReport {
  scorecard_id: string;
  content: string;
  attachments: { name: string; url: string }[];
  updated_by: string | null;
  updated_at: string | null;
}

/** The self-report of a scorecard (empty when none was written). */
export async function selfReportOf(engine: Engine, scorecardId: string): Promise<SelfReport> {
  const r = (await engine.query('SELECT * FROM self_reports WHERE scorecard_id = $1', [scorecardId]))[0];
  if (!r) return { scorecard_id: scorecardId, content: '', attachments: [], updated_by: null, updated_at: null };
  return {
    scorecard_id: scorecardId,
    content: String(r.content),
    attachments: parseJson(r.attachments, []),
    updated_by: (r.updated_by as string | null) ?? null,
    updated_at: ts(r.updated_at),
  };
}

/** A manager assessment: 1–5 per item id plus a comment. */
export interface ManagerAssessment {
  scorecard_id: string;
  scores: Record<string, number>;
  comment: string | null;
  assessor_id: string | null;
  assessed_at: string | null;
}

/** The manager assessment of a scorecard, or null. */
export async function managerAssessmentOf(engine: Engine, scorecardId: string): Promise<ManagerAssessment | null> {
  const r = (await engine.query('SELECT * FROM manager_assessments WHERE scorecard_id = $1', [scorecardId]))[0];
  if (!r) return null;
  return {
    scorecard_id: scorecardId,
    scores: parseJson(r.scores, {}),
    comment: (r.comment as string | null) ?? null,
    assessor_id: (r.assessor_id as string | null) ?? null,
    assessed_at: ts(r.assessed_at),
  };
}

/** The stored score snapshot of a scorecard (taken at calibration/lock), or null. */
export async function snapshotOf<T>(engine: Engine, scorecardId: string): Promise<T | null> {
  const r = (await engine.query('SELECT result FROM score_snapshots WHERE scorecard_id = $1', [scorecardId]))[0];
  return r ? parseJson<T | null>(r.result, null) : null;
}
