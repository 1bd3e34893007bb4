import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestWarehouse, seedPeople } from '../../../test/api/harness.js';
import type { Engine } from '../../warehouse/engine.js';
import type { AuthUser, Role } from '../context.js';
import { assertCanSeePerson, registerVisibilitySource, visiblePersonIds } from './visibility.js';

let engine: Engine;
beforeAll(async () => {
  engine = await openTestWarehouse();
  await seedPeople(engine);
  // Stands in for 360° invitations: the viewer p11 was invited to review p07.
  registerVisibilitySource(async (_engine, user) => (user.personId === 'p11' ? ['p07'] : []));
});
afterAll(async () => engine.close());

const user = (role: Role, personId: string | null): AuthUser => ({ id: 'u', username: role, role, personId });

describe('visiblePersonIds', () => {
  it.each([
    {
      role: 'admin' as Role,
      person: 'p01',
      all: true,
      ids: ['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p11', 'p12'],
    },
    {
      role: 'hr' as Role,
      person: 'p12',
      all: true,
      ids: ['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p11', 'p12'],
    },
    { role: 'manager' as Role, person: 'p02', all: false, ids: ['p02', 'p03', 'p04', 'p05'] },
    {
      role: 'manager' as Role,
      person: 'p01',
      all: false,
      ids: ['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p12'],
    },
    { role: 'member' as Role, person: 'p03', all: false, ids: ['p03'] },
    { role: 'analyst' as Role, person: 'p05', all: false, ids: ['p05'] },
    { role: 'viewer' as Role, person: 'p11', all: false, ids: ['p07', 'p11'] },
    { role: 'member' as Role, person: null, all: false, ids: [] },
  ])('$role $person sees $ids', async ({ role, person, all, ids }) => {
    const visible = await visiblePersonIds(engine, user(role, person));
    expect(visible.all).toBe(all);
    expect([...visible.ids].sort()).toEqual(ids);
  });

  it('assertCanSeePerson throws 403 outside the visible set', async () => {
    await expect(assertCanSeePerson(engine, user('manager', 'p02'), 'p04')).resolves.toBeUndefined();
    await expect(assertCanSeePerson(engine, user('manager', 'p02'), 'p07')).rejects.toMatchObject({ status: 403 });
    await expect(assertCanSeePerson(engine, user('member', 'p03'), 'p04')).rejects.toMatchObject({ status: 403 });
  });
});
