import type { Engine } from '../../warehouse/engine.js';
import { isRole, type Role } from '../context.js';
import { createUser } from './index.js';

/** A demo login, printed by `yardstick start`. */
export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  person_id: string | null;
  name: string | null;
}

type PersonRow = {
  person_id: string;
  name: string;
  department: string;
  email: string | null;
  manager_id: string | null;
  role: string | null;
  reports: number;
};

/** Password of the role account `<role>` (e.g. admin / yardstick-admin) and of personal demo accounts. */
export const demoPassword = (role: Role | 'person') => (role === 'person' ? 'yardstick-demo' : `yardstick-${role}`);

function pickRolePeople(people: PersonRow[]): Record<Role, PersonRow | undefined> {
  const byRole = (role: string) => people.filter((p) => p.role === role);
  const manager = byRole('manager').sort((a, b) => b.reports - a.reports)[0];
  const member = people.find((p) => p.role === 'member' && p.manager_id === manager?.person_id) ?? byRole('member')[0];
  const home = manager?.department;
  const viewer = people.find((p) => p.department !== home && p.role === 'member') ?? undefined;
  return {
    admin: byRole('admin')[0],
    manager,
    analyst: byRole('analyst')[0],
    hr: byRole('hr')[0],
    member,
    viewer,
  };
}

/**
 * Creates the demo logins if missing: one account per role (`admin` / `yardstick-admin`, `manager`, `analyst`,
 * `hr`, `member`, `viewer`) linked to fitting people, and one personal account per person (email name, password
 * `yardstick-demo`). Returns every demo login (existing ones included).
 */
export async function createDemoAccounts(engine: Engine): Promise<DemoAccount[]> {
  const people = await engine.query<PersonRow>(
    `SELECT p.person_id, p.name, p.department, p.email, p.manager_id, p.role,
            (SELECT count(*) FROM people r WHERE r.manager_id = p.person_id) AS reports
     FROM people p WHERE coalesce(p.active, true) ORDER BY p.person_id`,
  );
  const existing = new Set(
    (await engine.query<{ username: string }>('SELECT username FROM users')).map((r) => r.username),
  );
  const accounts: DemoAccount[] = [];
  const add = async (username: string, password: string, role: Role, person: PersonRow | undefined) => {
    const account = { username, password, role, person_id: person?.person_id ?? null, name: person?.name ?? null };
    if (!existing.has(username)) {
      await createUser(engine, 'system', {
        username,
        role,
        personId: account.person_id,
        password,
        displayName: account.name,
      });
      existing.add(username);
    }
    accounts.push(account);
  };
  const picks = pickRolePeople(people);
  for (const role of ['admin', 'manager', 'analyst', 'hr', 'member', 'viewer'] as const) {
    const person = picks[role];
    if (role === 'member' && !person) continue;
    await add(role, demoPassword(role), role, person);
  }
  for (const person of people) {
    const username = person.email?.split('@')[0]?.toLowerCase();
    if (!username || !/^[a-z0-9._-]{2,64}$/.test(username)) continue;
    const role: Role = person.role && isRole(person.role) ? person.role : 'member';
    await add(username, demoPassword('person'), role, person);
  }
  return accounts;
}
