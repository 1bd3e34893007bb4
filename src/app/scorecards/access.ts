import { ForbiddenError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import type { Actor } from '../org/actor.js';
import { allPeople, reportsOf } from '../org/people.js';
import type { ScorecardRecord } from './store.js';

/** Person ids a scorecard is about: the person, or the members of the team. */
export async function scorecardPeople(engine: Engine, card: ScorecardRecord): Promise<string[]> {
  if (card.subject_type === 'person') return [card.subject_id];
  return (await allPeople(engine)).filter((p) => p.team === card.subject_id).map((p) => p.person_id);
}

/** Whether the actor manages the scorecard: admin, or a manager whose tree holds its person (or a team member). */
export async function managesScorecard(engine: Engine, actor: Actor, card: ScorecardRecord): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'manager' || !actor.personId) return false;
  const people = await allPeople(engine);
  const tree = reportsOf(people, actor.personId);
  if (card.subject_type === 'person') return tree.has(card.subject_id);
  const me = people.find((p) => p.person_id === actor.personId);
  return me?.team === card.subject_id || people.some((p) => p.team === card.subject_id && tree.has(p.person_id));
}

/** Whether the actor may read the scorecard: owner, their manager, HR, admin (team cards: its managers). */
export async function seesScorecard(engine: Engine, actor: Actor, card: ScorecardRecord): Promise<boolean> {
  if (actor.role === 'admin' || actor.role === 'hr') return true;
  if (await managesScorecard(engine, actor, card)) return true;
  return card.subject_type === 'person' && actor.personId !== null && card.subject_id === actor.personId;
}

/** Throws 403 unless the actor may read the scorecard. */
export async function assertSeesScorecard(engine: Engine, actor: Actor, card: ScorecardRecord): Promise<void> {
  if (!(await seesScorecard(engine, actor, card)))
    throw new ForbiddenError(`scorecard ${card.id} is not visible to you`);
}

/** Throws 403 unless the actor manages the scorecard. */
export async function assertManagesScorecard(engine: Engine, actor: Actor, card: ScorecardRecord): Promise<void> {
  if (!(await managesScorecard(engine, actor, card))) {
    throw new ForbiddenError(`scorecard ${card.id}: only the manager of ${card.subject_id} or an admin may change it`);
  }
}
