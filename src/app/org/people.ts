import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Engine } from '../../warehouse/engine.js';
import { managesPerson as authManagesPerson, visiblePersonIds } from '../auth/index.js';
import { type Actor, requireRole } from './actor.js';
import { auditChange } from './audit.js';

/** A person of the organisation (the `people` fact table). */
export interface Person {
  person_id: string;
  name: string;
  department: string;
  team: string | null;
  title: string | null;
  email: string | null;
  manager_id: string | null;
  role: string | null;
  active: boolean;
}

const COLUMNS = 'person_id, name, department, team, title, email, manager_id, role, coalesce(active, true) AS active';

/** All people (active first), unfiltered; callers filter by visibility. */
export async function allPeople(engine: Engine): Promise<Person[]> {
  return engine.query<Person & Record<string, unknown>>(`SELECT ${COLUMNS} FROM people ORDER BY person_id`);
}

/** One person or null. */
export async function findPerson(engine: Engine, personId: string): Promise<Person | null> {
  const rows = await engine.query<Person & Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM people WHERE person_id = $1`,
    [personId],
  );
  return rows[0] ?? null;
}

/** Ids of the people in a manager's tree (direct and indirect reports), excluding the manager. */
export function reportsOf(people: readonly Person[], managerId: string): Set<string> {
  const result = new Set<string>();
  let frontier = [managerId];
  while (frontier.length) {
    const next: string[] = [];
    for (const p of people) {
      if (p.manager_id && frontier.includes(p.manager_id) && !result.has(p.person_id) && p.person_id !== managerId) {
        result.add(p.person_id);
        next.push(p.person_id);
      }
    }
    frontier = next;
  }
  return result;
}

/**
 * Person ids the actor may see: one rule for the whole product, owned by the auth module (admin/hr: all;
 * manager: own tree + self; member: self; viewers: people they are invited to review).
 */
export async function visiblePeople(engine: Engine, actor: Actor): Promise<Set<string> | 'all'> {
  const visible = await visiblePersonIds(engine, actor);
  return visible.all ? 'all' : new Set(visible.ids);
}

/** Whether the actor manages the person (in the manager tree) or is admin. */
export const managesPerson = (engine: Engine, actor: Actor, personId: string): Promise<boolean> =>
  authManagesPerson(engine, actor, personId);

/** Throws 403 unless the actor may see the person. */
export async function assertSeesPerson(engine: Engine, actor: Actor, personId: string): Promise<void> {
  const visible = await visiblePeople(engine, actor);
  if (visible !== 'all' && !visible.has(personId)) throw new ForbiddenError(`person ${personId} is not visible to you`);
}

/** Lists the people the actor may see. */
export async function listPeople(engine: Engine, actor: Actor): Promise<Person[]> {
  const visible = await visiblePeople(engine, actor);
  const people = await allPeople(engine);
  return visible === 'all' ? people : people.filter((p) => visible.has(p.person_id));
}

/** Returns one visible person (404 if unknown, 403 if not visible). */
export async function getPerson(engine: Engine, actor: Actor, personId: string): Promise<Person> {
  const person = await findPerson(engine, personId);
  if (!person) throw new NotFoundError(`person ${personId} not found`);
  await assertSeesPerson(engine, actor, personId);
  return person;
}

/** Editable fields of a person. */
export type PersonPatch = Partial<
  Pick<Person, 'name' | 'department' | 'team' | 'title' | 'manager_id' | 'role' | 'active'>
>;

const EDITABLE = ['name', 'department', 'team', 'title', 'manager_id', 'role', 'active'] as const;

/** Edits a person (admin/hr), audited; a manager cycle is rejected. */
export async function updatePerson(
  engine: Engine,
  actor: Actor,
  personId: string,
  patch: PersonPatch,
): Promise<Person> {
  requireRole(actor, ['admin', 'hr'], 'edit person');
  return engine.transaction(async (tx) => {
    const before = await findPerson(tx, personId);
    if (!before) throw new NotFoundError(`person ${personId} not found`);
    if (patch.manager_id) {
      if (patch.manager_id === personId || reportsOf(await allPeople(tx), personId).has(patch.manager_id)) {
        throw new ValidationError(`field manager_id: ${patch.manager_id} would make a management cycle`, [
          { field: 'manager_id' },
        ]);
      }
      if (!(await findPerson(tx, patch.manager_id))) {
        throw new ValidationError(`field manager_id: unknown person ${patch.manager_id}`, [{ field: 'manager_id' }]);
      }
    }
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const key of EDITABLE) {
      if (patch[key] === undefined) continue;
      params.push(patch[key]);
      sets.push(`${key} = $${params.length}`);
    }
    if (sets.length) {
      params.push(personId);
      await tx.exec(`UPDATE people SET ${sets.join(', ')} WHERE person_id = $${params.length}`, params);
    }
    const after = (await findPerson(tx, personId)) as Person;
    await auditChange(tx, actor, { entity: 'person', entityId: personId, action: 'update', before, after });
    return after;
  });
}
