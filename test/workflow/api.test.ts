import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/users/index.js';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/app.js';
import type { Engine } from '../../src/warehouse/engine.js';
import { addLeads, addOrders, openWorkflowDb, TEST_ITEMS } from './fixtures.js';

const PERIOD = '2026-Q1';
const ACCOUNTS = [
  { username: 'admin', role: 'admin', personId: null },
  { username: 'wang', role: 'manager', personId: 'p01' },
  { username: 'lina', role: 'member', personId: 'p02' },
  { username: 'zhangwei', role: 'member', personId: 'p03' },
  { username: 'sun', role: 'hr', personId: 'p06' },
] as const;
const password = (u: string) => `pw-${u}-secret-1`;

let engine: Engine;
let app: FastifyInstance;
const sessions: Record<string, { cookie: string; csrf: string }> = {};

function call(
  user: string | null,
  method: string,
  url: string,
  payload?: unknown,
  csrf = true,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  const s = user ? sessions[user] : undefined;
  if (s) {
    headers.cookie = s.cookie;
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = s.csrf;
  }
  return app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

beforeAll(async () => {
  engine = await openWorkflowDb();
  await addOrders(engine, 'p02', ['40000.10', '45000.20', '44999.70']);
  await addLeads(engine, 'p02', 45);
  for (const a of ACCOUNTS) {
    await createUser(engine, 'test', {
      username: a.username,
      role: a.role,
      personId: a.personId,
      password: password(a.username),
    });
  }
  app = await buildServer({ engine, config: loadConfig({}), logger: false, webDir: '/nonexistent', collector: false });
  await app.ready();
  for (const a of ACCOUNTS) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: a.username, password: password(a.username) },
    });
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'ys_session')?.value ?? '';
    const csrf = res.cookies.find((c) => c.name === 'ys_csrf')?.value ?? '';
    sessions[a.username] = { cookie: `ys_session=${session}; ys_csrf=${csrf}`, csrf };
  }
});

afterAll(async () => {
  await app?.close();
  await engine?.close();
});

describe('workflow HTTP API', () => {
  let cardId = '';

  it('creates a period and a scorecard, with role checks, CSRF and field-level validation', async () => {
    expect((await call(null, 'GET', '/api/periods')).statusCode).toBe(401);
    expect((await call('lina', 'POST', '/api/periods', { id: PERIOD })).statusCode).toBe(403);
    expect((await call('wang', 'POST', '/api/periods', { id: PERIOD }, false)).statusCode).toBe(403);
    const bad = await call('wang', 'POST', '/api/periods', { id: 'Q1-2026' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toMatch(/field id/);
    expect((await call('wang', 'POST', '/api/periods', {})).json().error.message).toMatch(/field id/);
    const created = await call('wang', 'POST', '/api/periods', { id: PERIOD });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: PERIOD,
      kind: 'quarter',
      start_date: '2026-01-01',
      end_date: '2026-03-31',
      status: 'draft',
    });
    expect((await call('lina', 'GET', '/api/periods')).json()).toHaveLength(1);

    const wrongType = await call('wang', 'POST', '/api/scorecards', {
      person_id: 'p02',
      period: PERIOD,
      template_id: 'b2b',
      targets: { mql_count: 'many' },
    });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().error.message).toMatch(/targets\.mql_count/);
    const res = await call('wang', 'POST', '/api/scorecards', {
      person_id: 'p02',
      period: PERIOD,
      template_id: 'b2b',
      targets: { mql_count: 40 },
    });
    expect(res.statusCode).toBe(201);
    cardId = res.json().id;
    expect(res.json()).toMatchObject({ person_id: 'p02', person_name: '李娜', period: PERIOD, status: 'draft' });
    expect(Array.isArray(res.json().warnings)).toBe(true);
  });

  it('edits items, approves and scores with actuals from the warehouse; members see only their own', async () => {
    const put = await call('wang', 'PUT', `/api/scorecards/${cardId}/items`, { items: TEST_ITEMS });
    expect(put.statusCode).toBe(200);
    expect(put.json().items.find((i: { id: string }) => i.id === 'revenue').actual).toBe(130000);
    expect((await call('lina', 'PUT', `/api/scorecards/${cardId}/items`, { items: TEST_ITEMS })).statusCode).toBe(403);
    // What GET returns can be sent back unchanged (the web editor's round trip).
    const shown = put.json().items;
    const again = await call('wang', 'PUT', `/api/scorecards/${cardId}/items`, { items: shown });
    expect(again.statusCode).toBe(200);
    expect(
      again
        .json()
        .items.map((i: { id: string; weight: number; scope: unknown; target: unknown; rule: unknown }) => [
          i.id,
          i.weight,
          i.scope,
          i.target,
          i.rule,
        ]),
    ).toEqual(
      shown.map((i: { id: string; weight: number; scope: unknown; target: unknown; rule: unknown }) => [
        i.id,
        i.weight,
        i.scope,
        i.target,
        i.rule,
      ]),
    );
    expect((await call('wang', 'POST', `/api/scorecards/${cardId}/approve`)).json().status).toBe('approved');
    const list = await call('lina', 'GET', `/api/scorecards?period=${PERIOD}`);
    expect(list.json().map((c: { person_id: string }) => c.person_id)).toEqual(['p02']);
    expect((await call('zhangwei', 'GET', `/api/scorecards?period=${PERIOD}`)).json()).toEqual([]);
    expect((await call('zhangwei', 'GET', `/api/scorecards/${cardId}`)).statusCode).toBe(403);
    expect((await call('lina', 'GET', '/api/scorecards/sc_missing')).statusCode).toBe(404);
    const people = await call('lina', 'GET', '/api/people');
    expect(people.json().map((p: { person_id: string }) => p.person_id)).toEqual(['p02']);
    expect((await call('lina', 'GET', '/api/people/p03')).statusCode).toBe(403);
  });

  it('runs self-report, assessment and feedback, hiding feedback under 3 responses', async () => {
    const sr = await call('lina', 'PUT', `/api/scorecards/${cardId}/self-report`, {
      content: '<p>完成</p><img src=x onerror=alert(1)>',
    });
    expect(sr.json().content).toBe('<p>完成</p>');
    expect((await call('wang', 'GET', `/api/scorecards/${cardId}/self-report`)).json().content).toBe('<p>完成</p>');
    expect(
      (await call('wang', 'POST', `/api/scorecards/${cardId}/manager-assessment`, { scores: { manager: 7 } }))
        .statusCode,
    ).toBe(422);
    expect(
      (
        await call('wang', 'POST', `/api/scorecards/${cardId}/manager-assessment`, {
          scores: { manager: 4, self_report: 4 },
        })
      ).statusCode,
    ).toBe(200);
    const req = await call('wang', 'POST', '/api/feedback/requests', {
      period: PERIOD,
      subject_person_id: 'p02',
      reviewers: [{ person_id: 'p03', relation: 'peer' }],
    });
    expect(req.statusCode).toBe(201);
    const forms = (await call('zhangwei', 'GET', '/api/feedback/requests')).json();
    expect(forms).toHaveLength(1);
    const scores = { collaboration: 5, professionalism: 4, communication: 4, results: 5, innovation: 3 };
    expect((await call('lina', 'POST', '/api/feedback', { request_id: forms[0].id, scores })).statusCode).toBe(403);
    expect((await call('zhangwei', 'POST', '/api/feedback', { request_id: forms[0].id, scores })).statusCode).toBe(201);
    const mine = await call('lina', 'GET', `/api/feedback/summary?person_id=p02&period=${PERIOD}`);
    expect(mine.json()).toMatchObject({ count: 1, shown: false });
    expect(mine.json().average).toBeUndefined();
    expect((await call('lina', 'GET', '/api/feedback/raw')).statusCode).toBe(403);
    expect((await call('sun', 'GET', '/api/feedback/raw')).json()).toHaveLength(1);
  });

  it('exports incentives as CSV and XLSX for HR, and refuses writes to a locked period with 409', async () => {
    for (const to of ['targets_approved', 'in_progress', 'review', 'calibration', 'locked']) {
      expect((await call('wang', 'POST', `/api/periods/${PERIOD}/transition`, { to })).statusCode).toBe(200);
    }
    const csv = await call('sun', 'GET', `/api/incentives/export.csv?period=${PERIOD}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('李娜');
    const xlsx = await call('sun', 'GET', `/api/incentives/export.xlsx?period=${PERIOD}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await call('lina', 'GET', `/api/incentives?period=${PERIOD}`)).statusCode).toBe(403);

    const before = (await call('wang', 'GET', `/api/scorecards/${cardId}`)).json();
    const locked = await call('wang', 'PUT', `/api/scorecards/${cardId}/items`, { items: TEST_ITEMS });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('period_locked');
    expect((await call('lina', 'PUT', `/api/scorecards/${cardId}/self-report`, { content: 'x' })).statusCode).toBe(409);
    expect((await call('wang', 'GET', `/api/scorecards/${cardId}`)).json()).toEqual(before);
    const reopen = await call('wang', 'POST', `/api/periods/${PERIOD}/transition`, { to: 'review', reason: 'x' });
    expect(reopen.statusCode).toBe(403);
    const noReason = await call('admin', 'POST', `/api/periods/${PERIOD}/transition`, { to: 'review' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.message).toMatch(/reason/);
    expect(
      (await call('admin', 'POST', `/api/periods/${PERIOD}/transition`, { to: 'review', reason: '补录数据' }))
        .statusCode,
    ).toBe(200);
    const audit = await call('admin', 'GET', `/api/audit?entity=period&entity_id=${PERIOD}`);
    expect(audit.json().items[0]).toMatchObject({ action: 'reopen', reason: '补录数据' });
  });
});
