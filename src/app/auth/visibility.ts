import { ForbiddenError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import type { AuthUser } from '../context.js';

/** The people a user may see: everyone, or an explicit list of person ids. */
export type VisiblePeople = { all: true; ids: readonly string[] } | { all: false; ids: readonly string[] };

/** Extra people a user may see, e.g. the subjects of 360° feedback requests they were invited to review. */
export type VisibilitySource = (engine: Engine, user: AuthUser) => Promise<readonly string[]>;

const sources: VisibilitySource[] = [];

/** Adds a source of extra visible people (the workflow module registers feedback invitations here). */
export function registerVisibilitySource(source: VisibilitySource): void {
  if (!sources.includes(source)) sources.push(source);
}

/** Ids of everyone reporting (directly or indirectly) to a person, following people.manager_id. */
export async function reportsOf(engine: Engine, personId: string): Promise<string[]> {
  const rows = await engine.query<{ person_id: string }>(
    `WITH RECURSIVE tree(person_id, depth) AS (
       SELECT person_id, 1 FROM people WHERE manager_id = $1
       UNION
       SELECT p.person_id, t.depth + 1 FROM people p JOIN tree t ON p.manager_id = t.person_id WHERE t.depth < 20
     ) SELECT DISTINCT person_id FROM tree`,
    [personId],
  );
  return rows.map((r) => r.person_id);
}

/**
 * Who a user may see: admin and hr everyone; a manager themself and their reporting tree; members, analysts
 * and viewers themselves; plus whatever registered sources (invitations) add.
 */
export async function visiblePersonIds(engine: Engine, user: AuthUser): Promise<VisiblePeople> {
  if (user.role === 'admin' || user.role === 'hr') {
    const rows = await engine.query<{ person_id: string }>('SELECT person_id FROM people ORDER BY person_id');
    return { all: true, ids: rows.map((r) => r.person_id) };
  }
  const ids = new Set<string>();
  if (user.personId) {
    ids.add(user.personId);
    if (user.role === 'manager') for (const id of await reportsOf(engine, user.personId)) ids.add(id);
  }
  for (const source of sources) for (const id of await source(engine, user)) ids.add(id);
  return { all: false, ids: [...ids].sort() };
}

/** Whether a user may see data about a person. */
export async function canSeePerson(engine: Engine, user: AuthUser, personId: string): Promise<boolean> {
  if (user.role === 'admin' || user.role === 'hr') return true;
  if (user.personId === personId) return true;
  const visible = await visiblePersonIds(engine, user);
  return visible.ids.includes(personId);
}

/** Throws 403 unless the user may see data about the person. */
export async function assertCanSeePerson(engine: Engine, user: AuthUser, personId: string): Promise<void> {
  if (!(await canSeePerson(engine, user, personId))) {
    throw new ForbiddenError(`you may not see data about person ${personId}`);
  }
}

/** Whether a user manages a person (the person is in their reporting tree); admins manage everyone. */
export async function managesPerson(engine: Engine, user: AuthUser, personId: string): Promise<boolean> {
  if (user.role === 'admin') return true;
  if (user.role !== 'manager' || !user.personId) return false;
  return (await reportsOf(engine, user.personId)).includes(personId);
}
