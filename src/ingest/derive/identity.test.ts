import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../warehouse/engine.js';
import { rollbackImport } from '../write/rollback.js';
import { factsEngine, importEvents, importRows } from './test-helpers.js';

let engine: Engine;
beforeEach(async () => {
  engine = await factsEngine();
});
afterEach(async () => {
  await engine.close();
});

const personOf = async (sql: string, params: unknown[]) => {
  const rows = await engine.query<{ person_key: string | null }>(sql, params);
  return [...new Set(rows.map((r) => r.person_key))];
};
const visitorPerson = (v: string) => personOf('SELECT person_key FROM events WHERE visitor_id = $1', [v]);
const RANK: Record<string, number> = { user: 0, customer: 1, lead: 2, email: 3, phone: 4, visitor: 5 };
const ownKey = (node: string) =>
  `p${RANK[node.split(':')[0] ?? '']}_${createHash('md5').update(node).digest('hex').slice(0, 20)}`;
const lead = (id: string, extra: Record<string, unknown> = {}) => ({
  row_key: id,
  lead_id: id,
  created_at: '2026-03-02 09:00:00',
  ...extra,
});

describe('identity stitching', () => {
  it('gives every anonymous visitor its own person', async () => {
    await importEvents(engine, 'imp1', [
      { at: '2026-03-01 10:00:00', visitor: 'a' },
      { at: '2026-03-01 10:00:00', visitor: 'b' },
    ]);
    const [pa] = await visitorPerson('a');
    const [pb] = await visitorPerson('b');
    expect(pa).toBe(ownKey('visitor:a'));
    expect(pb).toBe(ownKey('visitor:b'));
    expect(pa).not.toBe(pb);
    expect(await personOf("SELECT person_key FROM sessions WHERE visitor_id = 'a'", [])).toEqual([pa]);
  });

  it('links two devices of the same user_id, in the same import and across imports', async () => {
    await importEvents(engine, 'imp1', [
      { at: '2026-03-01 10:00:00', visitor: 'phone' },
      { at: '2026-03-01 10:01:00', visitor: 'phone', user: 'u42' },
      { at: '2026-03-01 10:00:00', visitor: 'laptop', user: 'u42' },
    ]);
    const [p] = await visitorPerson('phone');
    expect(await visitorPerson('laptop')).toEqual([p]);
    await importEvents(engine, 'imp2', [{ at: '2026-03-05 10:00:00', visitor: 'tablet', user: 'u42' }]);
    expect(await visitorPerson('tablet')).toEqual([p]);
    expect(await personOf("SELECT person_key FROM identities WHERE id_type = 'user'", [])).toEqual([p]);
    expect(p).toBe(ownKey('user:u42'));
  });

  it("keeps a known user's person key when new devices join it: the rows already stored are not re-keyed", async () => {
    await importEvents(engine, 'imp1', [{ at: '2026-03-01 10:00:00', visitor: 'desk', user: 'u7' }]);
    const [p] = await visitorPerson('desk');
    expect(p).toBe(ownKey('user:u7'));
    // visitors whose md5 sorts before the user's and after it: the user's key wins either way
    const md5 = (node: string) => createHash('md5').update(node).digest('hex');
    const devices = Array.from({ length: 12 }, (_, i) => `device${i}`);
    expect(new Set(devices.map((d) => md5(`visitor:${d}`) < md5('user:u7')))).toEqual(new Set([true, false]));
    await importEvents(
      engine,
      'imp2',
      devices.map((d) => ({ at: '2026-03-02 10:00:00', visitor: d, user: 'u7' })),
    );
    expect(await personOf('SELECT person_key FROM events', [])).toEqual([p]);
    const [log] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM identity_log');
    expect(log?.n).toBe(0);
  });

  it('merges two persons when a lead email matches a later lead; the best-ranked id (the first lead) keys them everywhere', async () => {
    await importEvents(engine, 'imp1', [
      { at: '2026-03-01 10:00:00', visitor: 'v1' },
      { at: '2026-03-01 10:00:00', visitor: 'v2' },
    ]);
    const [p2] = await visitorPerson('v2');
    await importRows(engine, 'leads', 'imp2', [lead('L1', { visitor_id: 'v1', email_hash: 'h-email' })]);
    const [p1] = await visitorPerson('v1');
    expect(await personOf("SELECT person_key FROM leads WHERE lead_id = 'L1'", [])).toEqual([p1]);
    expect(p1).not.toBe(p2);
    await importRows(engine, 'leads', 'imp3', [lead('L2', { visitor_id: 'v2', email_hash: 'h-email' })]);
    const winner = ['lead:L1', 'lead:L2'].map(ownKey).sort()[0];
    expect(winner).toBe(['visitor:v1', 'visitor:v2', 'lead:L1', 'lead:L2', 'email:h-email'].map(ownKey).sort()[0]);
    expect([p1, p2]).not.toContain(undefined);
    for (const v of ['v1', 'v2']) {
      expect(await visitorPerson(v)).toEqual([winner]);
      expect(await personOf('SELECT person_key FROM sessions WHERE visitor_id = $1', [v])).toEqual([winner]);
    }
    expect(await personOf('SELECT person_key FROM leads', [])).toEqual([winner]);
    expect(await personOf('SELECT person_key FROM identities', [])).toEqual([winner]);
  });

  it('joins an order to the visitor through its lead, whatever the import order', async () => {
    const run = async (order: 'orders-first' | 'events-first') => {
      const e = await factsEngine();
      const steps = {
        events: () => importEvents(e, 'ie', [{ at: '2026-03-01 10:00:00', visitor: 'web1' }]),
        leads: () => importRows(e, 'leads', 'il', [lead('L9', { visitor_id: 'web1', phone_hash: 'h-phone' })]),
        orders: () =>
          importRows(e, 'orders', 'io', [
            {
              row_key: 'O1',
              order_id: 'O1',
              customer_id: 'C7',
              ordered_at: '2026-03-09 00:00:00',
              amount: '99.00',
              lead_id: 'L9',
            },
          ]),
      };
      const seq = order === 'orders-first' ? ['orders', 'leads', 'events'] : ['events', 'leads', 'orders'];
      for (const s of seq) await steps[s as keyof typeof steps]();
      const rows = await e.query<{ k: string }>(
        `SELECT person_key AS k FROM events UNION ALL SELECT person_key FROM orders UNION ALL SELECT person_key FROM leads
         UNION ALL SELECT person_key FROM sessions`,
      );
      await e.close();
      return [...new Set(rows.map((r) => r.k))];
    };
    const a = await run('events-first');
    const b = await run('orders-first');
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
  });

  it('keeps an order without a lead as its own customer person', async () => {
    await importRows(engine, 'orders', 'io', [
      { row_key: 'O1', order_id: 'O1', customer_id: 'C1', ordered_at: '2026-03-09 00:00:00', amount: '10.00' },
      { row_key: 'O2', order_id: 'O2', customer_id: 'C1', ordered_at: '2026-03-10 00:00:00', amount: '12.50' },
    ]);
    const keys = await personOf('SELECT person_key FROM orders', []);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toBe(ownKey('customer:C1'));
  });

  it('rolling back the import that merged two persons splits them again', async () => {
    await importEvents(engine, 'imp1', [
      { at: '2026-03-01 10:00:00', visitor: 'v1' },
      { at: '2026-03-01 10:00:00', visitor: 'v2' },
    ]);
    await importRows(engine, 'leads', 'imp2', [lead('L1', { visitor_id: 'v1', email_hash: 'h-email' })]);
    const [p1] = await visitorPerson('v1');
    const [p2] = await visitorPerson('v2');
    await importRows(engine, 'leads', 'imp3', [lead('L2', { visitor_id: 'v2', email_hash: 'h-email' })]);
    expect(await visitorPerson('v2')).toEqual(await visitorPerson('v1'));
    await engine.exec(
      "INSERT INTO imports (import_id, format, target_table, started_at, status) VALUES ('imp3', 'leads', 'leads', now()::TIMESTAMP, 'committed')",
    );
    await rollbackImport(engine, 'imp3', 'admin');
    expect(await visitorPerson('v1')).toEqual([p1]);
    expect(await visitorPerson('v2')).toEqual([p2]);
    expect(await personOf("SELECT person_key FROM sessions WHERE visitor_id = 'v2'", [])).toEqual([p2]);
    expect(await personOf("SELECT person_key FROM leads WHERE lead_id = 'L1'", [])).toEqual([p1]);
    expect(await personOf("SELECT person_key FROM identities WHERE id_value = 'L2'", [])).toEqual([]);
    expect(await personOf("SELECT person_key FROM identities WHERE id_value = 'v2'", [])).toEqual([p2]);
    const [log] = await engine.query<{ n: number }>("SELECT count(*) AS n FROM identity_log WHERE import_id = 'imp3'");
    expect(log?.n).toBe(0);
  });
});
