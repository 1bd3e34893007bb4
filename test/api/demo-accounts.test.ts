import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLogin } from '../../src/app/auth/index.js';
import { createDemoAccounts, demoPassword } from '../../src/app/users/demo-accounts.js';
import type { Engine } from '../../src/warehouse/engine.js';
import { openTestWarehouse, seedPeople } from './harness.js';

let engine: Engine;
beforeAll(async () => {
  engine = await openTestWarehouse();
  await seedPeople(engine);
});
afterAll(async () => engine.close());

describe('demo accounts (yardstick start)', () => {
  it('creates one login per role linked to fitting people, and personal logins, idempotently', async () => {
    const first = await createDemoAccounts(engine);
    const byName = new Map(first.map((a) => [a.username, a]));
    expect(byName.get('admin')).toMatchObject({ role: 'admin', person_id: 'p01', password: 'yardstick-admin' });
    expect(byName.get('manager')).toMatchObject({ role: 'manager', person_id: 'p02' });
    expect(byName.get('member')).toMatchObject({ role: 'member', person_id: 'p03' });
    expect(byName.get('hr')).toMatchObject({ role: 'hr', person_id: 'p12' });
    expect(byName.get('viewer')?.person_id).toBe('p11');
    expect(byName.get('p07')).toMatchObject({ role: 'member', person_id: 'p07', password: demoPassword('person') });
    const again = await createDemoAccounts(engine);
    expect(again).toEqual(first);
    const [count] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM users');
    expect(count?.n).toBe(first.length);
    const user = await checkLogin(engine, { username: 'manager', password: 'yardstick-manager', ip: '127.0.0.1' });
    expect(user.personId).toBe('p02');
  });
});
