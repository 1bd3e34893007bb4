import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext, Role } from '../../src/app/context.js';
import { scopeFor } from '../../src/server/routes/metric-params.js';
import { type Harness, startHarness } from './harness.js';

function ctx(role: Role, personId: string | null): RequestContext {
  return {
    user: { id: 'u', username: role, role, personId },
    via: 'session',
    scopes: null,
    can: () => true,
    canSeePerson: async () => true,
  };
}

describe('metric scope by role', () => {
  it.each([
    { role: 'member' as Role, person: 'p03', scope: {}, result: { owner: 'p03' } },
    { role: 'member' as Role, person: 'p03', scope: { channel: '抖音' }, result: { channel: '抖音', owner: 'p03' } },
    { role: 'member' as Role, person: 'p03', scope: { owner: 'p03' }, result: { owner: 'p03' } },
    { role: 'member' as Role, person: 'p03', scope: { owner: 'p04' }, result: 'forbidden' },
    { role: 'member' as Role, person: 'p03', scope: { team: '增长团队' }, result: 'forbidden' },
    { role: 'member' as Role, person: null, scope: {}, result: 'forbidden' },
    { role: 'manager' as Role, person: 'p02', scope: { team: '增长团队' }, result: { team: '增长团队' } },
    { role: 'analyst' as Role, person: 'p05', scope: {}, result: {} },
  ])('$role $person asks $scope → $result', ({ role, person, scope, result }) => {
    if (result === 'forbidden') expect(() => scopeFor(ctx(role, person), scope)).toThrow(/own metrics|not linked/);
    else expect(scopeFor(ctx(role, person), scope)).toEqual(result);
  });
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.engine.append(
    'spend',
    ['row_key', 'date', 'amount', 'channel', 'owner_id'],
    [
      ['s1', '2026-03-01', '100.00', '百度SEM', 'p03'],
      ['s2', '2026-03-02', '50.00', '抖音投放', 'p04'],
    ],
  );
});
afterAll(async () => h.close());

describe('metric routes', () => {
  it('an analyst gets metric cells in the CLI JSON shape', async () => {
    const s = await h.login('analyst');
    const res = await h.as(s, 'GET', '/api/metrics?period=2026-03&kpi=cpl,uv');
    expect(res.statusCode, res.body).toBe(200);
    const cells = res.json() as { kpi: string; period: string; quality: string }[];
    expect(cells.map((c) => c.kpi).sort()).toEqual(['cpl', 'uv']);
    expect(cells.every((c) => c.period === '2026-03' && typeof c.quality === 'string')).toBe(true);
  });

  it('credits ROI by the attribution model asked for and names it; an unknown model is a 4xx', async () => {
    const s = await h.login('analyst');
    const res = await h.as(s, 'GET', '/api/metrics?period=2026-03&kpi=roi,uv&attribution=linear');
    expect(res.statusCode, res.body).toBe(200);
    const cells = res.json() as { kpi: string; attribution_model?: string }[];
    expect(cells.find((c) => c.kpi === 'roi')?.attribution_model).toBe('linear');
    expect(cells.find((c) => c.kpi === 'uv')?.attribution_model).toBeUndefined();
    const explain = await h.as(s, 'GET', '/api/explain?period=2026-03&kpi=roi&attribution=first_touch');
    expect(explain.statusCode, explain.body).toBe(200);
    expect(explain.json().attribution_model).toBe('first_touch');
    const bad = await h.as(s, 'GET', '/api/metrics?period=2026-03&kpi=roi&attribution=magic');
    expect([400, 422]).toContain(bad.statusCode);
    expect(bad.json().error.message).toMatch(/attribution.*magic/);
  });

  it("a member may not ask for someone else's numbers", async () => {
    const s = await h.login('member');
    expect((await h.as(s, 'GET', '/api/metrics?period=2026-03&scope=owner:p04')).statusCode).toBe(403);
    expect((await h.as(s, 'GET', '/api/metrics?period=2026-03&kpi=cpl')).statusCode).toBe(200);
  });

  it('a bad period is a 4xx naming the problem', async () => {
    const s = await h.login('analyst');
    const res = await h.as(s, 'GET', '/api/metrics?period=2026-13');
    expect([400, 422]).toContain(res.statusCode);
    expect(res.json().error.message).toMatch(/2026-13/);
  });

  it('a viewer gets the dashboard with target/attainment on every tile', async () => {
    const s = await h.login('viewer');
    const res = await h.as(s, 'GET', '/api/dashboard?period=2026-03');
    expect(res.statusCode, res.body).toBe(200);
    const board = res.json();
    expect(board.tiles.length).toBeGreaterThan(0);
    for (const tile of board.tiles) expect(tile).toHaveProperty('attainment');
    expect(Array.isArray(board.channels)).toBe(true);
    const member = await h.login('member');
    expect((await h.as(member, 'GET', '/api/dashboard?period=2026-03')).statusCode).toBe(403);
  });

  it('data quality reports shares and missing sources', async () => {
    const s = await h.login('analyst');
    const res = await h.as(s, 'GET', '/api/data-quality?period=2026-03');
    expect(res.statusCode, res.body).toBe(200);
    const dq = res.json();
    expect(dq).toMatchObject({ period: '2026-03', events: 0, bot_share: null, unclassified_share: null });
    expect(dq.missing_sources.length).toBeGreaterThan(0);
  });
});
