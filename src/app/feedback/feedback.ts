import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { type Actor, requireRole, seesAll } from '../org/actor.js';
import { auditChange } from '../org/audit.js';
import { allPeople, assertSeesPerson, findPerson, managesPerson } from '../org/people.js';
import { newId, nowIso } from '../org/util.js';
import { assertPeriodWritable, getPeriod } from '../periods/periods.js';

/** The 360° form's questions, each answered 1–5. */
export const FEEDBACK_DIMENSIONS = [
  'collaboration',
  'professionalism',
  'communication',
  'results',
  'innovation',
] as const;
export type FeedbackDimension = (typeof FEEDBACK_DIMENSIONS)[number];
export type FeedbackScores = Record<FeedbackDimension, number>;

/** Who the reviewer is to the subject. */
export const FEEDBACK_RELATIONS = ['peer', 'manager', 'report', 'cross_dept'] as const;
export type FeedbackRelation = (typeof FEEDBACK_RELATIONS)[number];

/** Aggregates are shown to the subject only from this many responses on (anonymity). */
export const MIN_FEEDBACK_RESPONSES = 3;

/** A form a reviewer must fill. */
export interface FeedbackRequest {
  id: string;
  subject_person_id: string;
  subject_name: string;
  reviewer_person_id: string;
  period: string;
  relation: FeedbackRelation;
  submitted: boolean;
}

/** Creates feedback requests for a subject (admin/hr/manager of the subject); existing pairs are kept. */
export async function requestFeedback(
  engine: Engine,
  actor: Actor,
  input: { period: string; subject_person_id: string; reviewers: { person_id: string; relation: FeedbackRelation }[] },
): Promise<FeedbackRequest[]> {
  requireRole(actor, ['admin', 'hr', 'manager'], 'request feedback');
  if (actor.role === 'manager' && !(await managesPerson(engine, actor, input.subject_person_id))) {
    throw new ForbiddenError(`person ${input.subject_person_id} is not in your team`);
  }
  return engine.transaction(async (tx) => {
    assertPeriodWritable(await getPeriod(tx, input.period), 'requesting feedback');
    if (!(await findPerson(tx, input.subject_person_id)))
      throw new NotFoundError(`person ${input.subject_person_id} not found`);
    for (const [i, r] of input.reviewers.entries()) {
      if (r.person_id === input.subject_person_id) {
        throw new ValidationError(`field reviewers[${i}]: a person cannot review themselves`, [
          { field: `reviewers.${i}` },
        ]);
      }
      if (!(await findPerson(tx, r.person_id))) {
        throw new ValidationError(`field reviewers[${i}].person_id: unknown person ${r.person_id}`, [
          { field: `reviewers.${i}.person_id` },
        ]);
      }
      const exists = await tx.query(
        'SELECT 1 FROM feedback_requests WHERE period_id = $1 AND subject_person_id = $2 AND reviewer_person_id = $3',
        [input.period, input.subject_person_id, r.person_id],
      );
      if (exists.length) continue;
      const id = newId('fr');
      await tx.exec(`INSERT INTO feedback_requests VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP)`, [
        id,
        input.period,
        input.subject_person_id,
        r.person_id,
        r.relation,
        actor.username,
        nowIso(),
      ]);
      await auditChange(tx, actor, {
        entity: 'feedback_request',
        entityId: id,
        action: 'create',
        after: { period: input.period, subject: input.subject_person_id, relation: r.relation },
      });
    }
    return requestsFor(tx, { period: input.period, subject: input.subject_person_id });
  });
}

async function requestsFor(
  engine: Engine,
  filter: { period?: string; subject?: string; reviewer?: string; open?: boolean },
): Promise<FeedbackRequest[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.period) add('r.period_id = ?', filter.period);
  if (filter.subject) add('r.subject_person_id = ?', filter.subject);
  if (filter.reviewer) add('r.reviewer_person_id = ?', filter.reviewer);
  if (filter.open) where.push('s.request_id IS NULL');
  const rows = await engine.query(
    `SELECT r.id, r.subject_person_id, p.name AS subject_name, r.reviewer_person_id, r.period_id AS period, r.relation,
            s.request_id IS NOT NULL AS submitted
     FROM feedback_requests r LEFT JOIN people p ON p.person_id = r.subject_person_id
     LEFT JOIN feedback_responses s ON s.request_id = r.id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.period_id, r.subject_person_id, r.id`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    subject_person_id: String(r.subject_person_id),
    subject_name: String(r.subject_name ?? r.subject_person_id),
    reviewer_person_id: String(r.reviewer_person_id),
    period: String(r.period),
    relation: r.relation as FeedbackRelation,
    submitted: Boolean(r.submitted),
  }));
}

/** Open forms the actor (as a person) must fill. */
export async function myFeedbackRequests(engine: Engine, actor: Actor, period?: string): Promise<FeedbackRequest[]> {
  if (!actor.personId) return [];
  return requestsFor(engine, { reviewer: actor.personId, open: true, ...(period ? { period } : {}) });
}

/** Submits the actor's answers to one request (once); the period must not be locked. Audited without the comment. */
export async function submitFeedback(
  engine: Engine,
  actor: Actor,
  input: { request_id: string; scores: FeedbackScores; comment?: string | null },
): Promise<{ request_id: string; submitted_at: string }> {
  for (const d of FEEDBACK_DIMENSIONS) {
    const v = input.scores[d];
    if (!Number.isInteger(v) || v < 1 || v > 5) {
      throw new ValidationError(`field scores.${d}: must be an integer 1–5`, [{ field: `scores.${d}` }]);
    }
  }
  return engine.transaction(async (tx) => {
    const req = (await tx.query('SELECT * FROM feedback_requests WHERE id = $1', [input.request_id]))[0];
    if (!req) throw new NotFoundError(`feedback request ${input.request_id} not found`);
    if (req.reviewer_person_id !== actor.personId) throw new ForbiddenError('this feedback form is not yours');
    assertPeriodWritable(await getPeriod(tx, String(req.period_id)), 'submitting feedback');
    if ((await tx.query('SELECT 1 FROM feedback_responses WHERE request_id = $1', [input.request_id])).length) {
      throw new ConflictError(`feedback ${input.request_id} was already submitted`);
    }
    const at = nowIso();
    const s = input.scores;
    await tx.exec(`INSERT INTO feedback_responses VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP)`, [
      input.request_id,
      s.collaboration,
      s.professionalism,
      s.communication,
      s.results,
      s.innovation,
      input.comment ?? null,
      at,
    ]);
    // The audit names the request, not the answers: the log must not de-anonymise the reviewer for the subject.
    await auditChange(tx, actor, { entity: 'feedback', entityId: input.request_id, action: 'submit', after: { at } });
    return { request_id: input.request_id, submitted_at: at };
  });
}

interface ResponseRow extends Record<string, unknown> {
  relation: string;
  collaboration: number;
  professionalism: number;
  communication: number;
  results: number;
  innovation: number;
  comment: string | null;
}

/** One raw answer with its reviewer, as HR and admin see it (feedbackRaw). */
export interface RawFeedbackAnswer extends ResponseRow {
  request_id: string;
  period: string;
  subject_person_id: string;
  subject_name: string | null;
  reviewer_person_id: string;
  reviewer_name: string | null;
  submitted_at: string | null;
}

async function responses(engine: Engine, personId: string, period: string): Promise<ResponseRow[]> {
  return engine.query<ResponseRow>(
    `SELECT r.id AS request_id, r.reviewer_person_id, r.relation, s.collaboration, s.professionalism, s.communication,
            s.results, s.innovation, s.comment, s.submitted_at
     FROM feedback_requests r JOIN feedback_responses s ON s.request_id = r.id
     WHERE r.subject_person_id = $1 AND r.period_id = $2 ORDER BY s.submitted_at`,
    [personId, period],
  );
}

/** Aggregated 360° result. */
export interface FeedbackSummary {
  person_id: string;
  period: string;
  count: number;
  requested: number;
  shown: boolean;
  average?: number;
  dimensions?: Record<FeedbackDimension, number>;
  by_relation?: Record<string, number>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Mean of all answers (1–5) of a person's responses, or null with none: the qualitative 360° input. */
export async function feedbackAverage(
  engine: Engine,
  personId: string,
  period: string,
): Promise<{ average: number | null; count: number }> {
  const rows = await responses(engine, personId, period);
  if (!rows.length) return { average: null, count: 0 };
  const sum = rows.reduce((acc, r) => acc + FEEDBACK_DIMENSIONS.reduce((a, d) => a + Number(r[d]), 0), 0);
  return { average: round2(sum / (rows.length * FEEDBACK_DIMENSIONS.length)), count: rows.length };
}

/**
 * The aggregate for a subject. The subject sees it only with ≥ 3 responses (otherwise `{count, shown:false}`);
 * their managers, HR and admin always see the aggregate; nobody gets individual answers here.
 */
export async function feedbackSummary(
  engine: Engine,
  actor: Actor,
  personId: string,
  period: string,
): Promise<FeedbackSummary> {
  await assertSeesPerson(engine, actor, personId);
  if (!seesAll(actor) && actor.personId !== personId && !(await managesPerson(engine, actor, personId))) {
    throw new ForbiddenError(`feedback of ${personId} is not visible to you`);
  }
  const rows = await responses(engine, personId, period);
  const requested = (await requestsFor(engine, { period, subject: personId })).length;
  const isSubject = actor.personId === personId && !seesAll(actor);
  if (isSubject && rows.length < MIN_FEEDBACK_RESPONSES)
    return { person_id: personId, period, count: rows.length, requested, shown: false };
  if (!rows.length) return { person_id: personId, period, count: 0, requested, shown: false };
  const dimensions = Object.fromEntries(
    FEEDBACK_DIMENSIONS.map((d) => [d, round2(rows.reduce((a, r) => a + Number(r[d]), 0) / rows.length)]),
  ) as Record<FeedbackDimension, number>;
  const avg = (rs: ResponseRow[]) =>
    round2(rs.reduce((a, r) => a + FEEDBACK_DIMENSIONS.reduce((b, d) => b + Number(r[d]), 0), 0) / (rs.length * 5));
  const byRelation: Record<string, number> = {};
  for (const rel of FEEDBACK_RELATIONS) {
    const rs = rows.filter((r) => r.relation === rel);
    // A relation group below the threshold could identify its reviewers; the subject does not see it.
    if (rs.length && (!isSubject || rs.length >= MIN_FEEDBACK_RESPONSES)) byRelation[rel] = avg(rs);
  }
  return {
    person_id: personId,
    period,
    count: rows.length,
    requested,
    shown: true,
    average: avg(rows),
    dimensions,
    by_relation: byRelation,
  };
}

/** Raw answers with reviewer ids and comments: HR and admin only. */
export async function feedbackRaw(
  engine: Engine,
  actor: Actor,
  filter: { person_id?: string; period?: string },
): Promise<RawFeedbackAnswer[]> {
  requireRole(actor, ['hr', 'admin'], 'raw feedback');
  const people = new Map((await allPeople(engine)).map((p) => [p.person_id, p.name]));
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.person_id) {
    params.push(filter.person_id);
    where.push(`r.subject_person_id = $${params.length}`);
  }
  if (filter.period) {
    params.push(filter.period);
    where.push(`r.period_id = $${params.length}`);
  }
  const rows = await engine.query<RawFeedbackAnswer>(
    `SELECT r.id AS request_id, r.period_id AS period, r.subject_person_id, r.reviewer_person_id, r.relation,
            s.collaboration, s.professionalism, s.communication, s.results, s.innovation, s.comment, s.submitted_at
     FROM feedback_requests r JOIN feedback_responses s ON s.request_id = r.id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.period_id, r.subject_person_id, s.submitted_at`,
    params,
  );
  return rows.map((r) => ({
    ...r,
    subject_name: people.get(String(r.subject_person_id)) ?? null,
    reviewer_name: people.get(String(r.reviewer_person_id)) ?? null,
    // DuckDB hands timestamps back as Date
    submitted_at: toIso(r.submitted_at as unknown),
  }));
}

function toIso(at: unknown): string | null {
  return at instanceof Date ? at.toISOString() : ((at as string | null) ?? null);
}
