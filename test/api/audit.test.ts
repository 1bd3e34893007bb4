import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit, recordAudit } from '../../src/app/audit/index.js';
import { getUserByName } from '../../src/app/users/index.js';
import { type Harness, type Session, startHarness } from './harness.js';

let h: Harness;
let admin: Session;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.login('admin');
});
afterAll(async () => h.close());

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('audit log', () => {
  it('account changes are appended with actor, before/after and reason, without secrets', async () => {
    const created = await h.as(admin, 'POST', '/api/users', {
      username: 'newhire',
      role: 'analyst',
      password: 'very-secret-pw',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const disabled = await h.as(admin, 'POST', `/api/users/${id}/disable`, { reason: '试用期结束' });
    expect(disabled.statusCode).toBe(200);

    const hr = await h.login('hr');
    const res = await h.as(hr, 'GET', `/api/audit?entity=user&page_size=10`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    const mine = page.items.filter((e: { entity_id: string }) => e.entity_id === id);
    expect(mine.map((e: { action: string }) => e.action)).toEqual(['disable', 'create']);
    expect(mine[0]).toMatchObject({
      actor: 'admin',
      reason: '试用期结束',
      before: { disabled: false },
      after: { disabled: true },
    });
    expect(mine[1].after).toMatchObject({ username: 'newhire', role: 'analyst' });
    expect(JSON.stringify(page)).not.toContain('very-secret-pw');
    expect(page).toMatchObject({ page: 1, page_size: 10 });
    expect(page.total).toBeGreaterThanOrEqual(2);
  });

  it('entries are never changed by later activity', async () => {
    const before = await queryAudit(h.engine, {}, { page: 1, page_size: 500 });
    const analyst = await getUserByName(h.engine, 'analyst');
    await h.as(admin, 'POST', `/api/users/${analyst.id}/password`, { password: 'another-long-pw' });
    await h.engine.transaction((tx) =>
      recordAudit(tx, { actor: 'test', entity: 'x', action: 'touch', before: { a: 1 }, after: { a: 2 } }),
    );
    const after = await queryAudit(h.engine, {}, { page: 1, page_size: 500 });
    expect(after.total).toBe(before.total + 2);
    const byId = new Map(after.items.map((e) => [e.id, e]));
    for (const entry of before.items) expect(byId.get(entry.id)).toEqual(entry);
  });

  it('a rolled-back change leaves no audit entry', async () => {
    const total = (await queryAudit(h.engine, {})).total;
    await expect(
      h.engine.transaction(async (tx) => {
        await recordAudit(tx, { actor: 'test', entity: 'x', action: 'doomed' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await queryAudit(h.engine, {})).total).toBe(total);
  });

  it('filters by date range', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const inRange = await queryAudit(h.engine, { from: today, to: today });
    expect(inRange.total).toBeGreaterThan(0);
    const past = await queryAudit(h.engine, { to: '2000-01-01' });
    expect(past.total).toBe(0);
  });

  it('no code path updates or deletes audit rows', () => {
    const root = path.resolve(import.meta.dirname, '../../src');
    const offenders = sourceFiles(root).filter((file) =>
      /(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|TRUNCATE\s+audit_log|DROP\s+TABLE\s+audit_log)/i.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('members may not read the audit log', async () => {
    const member = await h.login('member');
    expect((await h.as(member, 'GET', '/api/audit')).statusCode).toBe(403);
  });
});
