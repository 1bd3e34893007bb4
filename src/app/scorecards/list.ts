import type { Engine } from '../../warehouse/engine.js';
import type { Actor } from '../org/actor.js';
import { assertSeesScorecard, seesScorecard } from './access.js';
import { evaluateScorecard, type ScorecardView } from './evaluate.js';
import { allScorecards, loadScorecard, type ScorecardRecord, scorecardsOfPeriod } from './store.js';

/** The list row of GET /api/scorecards. */
export interface ScorecardSummary {
  id: string;
  person_id: string | null;
  person_name: string | null;
  subject_type: 'person' | 'team';
  subject_id: string;
  team: string | null;
  department: string | null;
  period: string;
  status: string;
  total: number | null;
  band: string | null;
  quantitative: number | null;
  qualitative: number | null;
}

/** Summarises a scored scorecard for lists. */
export function summarise(view: ScorecardView): ScorecardSummary {
  return {
    id: view.id,
    person_id: view.person_id,
    person_name: view.person_name,
    subject_type: view.subject_type,
    subject_id: view.subject_id,
    team: view.team,
    department: view.department,
    period: view.period,
    status: view.status,
    total: view.total,
    band: view.band,
    quantitative: view.quantitative,
    qualitative: view.qualitative,
  };
}

/** Scorecards the actor may see (member: own; manager: own teams; hr/admin: all), optionally of a period/team. */
export async function visibleScorecards(
  engine: Engine,
  actor: Actor,
  filter: { period?: string | undefined; team?: string | undefined } = {},
): Promise<ScorecardRecord[]> {
  const cards = filter.period ? await scorecardsOfPeriod(engine, filter.period) : await allScorecards(engine);
  const out: ScorecardRecord[] = [];
  for (const card of cards) if (await seesScorecard(engine, actor, card)) out.push(card);
  return out;
}

/** Scored list rows of the visible scorecards; `team` keeps that team's card and its members' cards. */
export async function listScorecards(
  engine: Engine,
  actor: Actor,
  filter: { period?: string | undefined; team?: string | undefined } = {},
): Promise<ScorecardSummary[]> {
  const rows: ScorecardSummary[] = [];
  for (const card of await visibleScorecards(engine, actor, filter)) {
    const row = summarise(await evaluateScorecard(engine, card));
    if (filter.team && row.team !== filter.team) continue;
    rows.push(row);
  }
  return rows;
}

/** One scored scorecard if the actor may see it (404/403 otherwise). */
export async function getScorecard(engine: Engine, actor: Actor, id: string): Promise<ScorecardView> {
  const card = await loadScorecard(engine, id);
  await assertSeesScorecard(engine, actor, card);
  return evaluateScorecard(engine, card);
}
