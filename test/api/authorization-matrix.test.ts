import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/app/auth/index.js';
import { ROLES, type Role } from '../../src/app/context.js';
import { getUserByName } from '../../src/app/users/index.js';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/app.js';
import { type Harness, openTestWarehouse, startHarness } from './harness.js';
import { registeredRoutes } from './routes.js';

type Access = 'anyone' | 'logged-in' | readonly Role[];

const ADMIN_HR = ['admin', 'hr'] as const;
const MANAGERS = ['admin', 'manager'] as const;

/**
 * Who passes the authorization layer of each route (ownership checks inside come on top). Written from the API
 * contract, independently of the route code: a new route fails this test until it is added here.
 */
const EXPECTED: Record<string, Access> = {
  'POST /api/auth/login': 'anyone',
  'POST /api/auth/logout': 'logged-in',
  'GET /api/me': 'logged-in',
  'GET /api/openapi.json': 'anyone',
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'GET /api/users/{id}': ['admin'],
  'PATCH /api/users/{id}': ['admin'],
  'POST /api/users/{id}/disable': ['admin'],
  'POST /api/users/{id}/password': ['admin'],
  'POST /api/users/{id}/tokens': ['admin'],
  'GET /api/users/{id}/tokens': ['admin'],
  'POST /api/users/{id}/tokens/{tokenId}/revoke': ['admin'],
  'GET /api/audit': ADMIN_HR,
  'GET /api/kpis': 'logged-in',
  'GET /api/templates': 'logged-in',
  'GET /api/templates/{id}': 'logged-in',
  'GET /api/metrics': ['admin', 'manager', 'analyst', 'hr', 'member'],
  'GET /api/explain': ['admin', 'manager', 'analyst', 'hr', 'member'],
  'GET /api/dashboard': ['admin', 'manager', 'analyst', 'hr', 'viewer'],
  'POST /api/imports': ['admin', 'analyst', 'member'],
  'GET /api/imports': ['admin', 'analyst'],
  'POST /api/imports/preview': ['admin', 'analyst', 'member'],
  'GET /api/imports/jobs': ['admin', 'analyst', 'member'],
  'GET /api/imports/jobs/{id}': ['admin', 'analyst', 'member'],
  'GET /api/imports/jobs/{id}/progress': 'anyone',
  'GET /api/imports/formats': 'logged-in',
  'POST /api/imports/{id}/rollback': ['admin', 'analyst'],
  'GET /api/data-quality': ['admin', 'analyst', 'manager'],
  'POST /api/cli': ['admin'],
  'GET /api/channel-rules': ['admin', 'analyst', 'manager'],
  'POST /api/channel-rules': ['admin', 'analyst'],
  'DELETE /api/channel-rules/{id}': ['admin', 'analyst'],
  'GET /api/periods': 'logged-in',
  'POST /api/periods': MANAGERS,
  'GET /api/periods/{id}': 'logged-in',
  'POST /api/periods/{id}/transition': MANAGERS,
  'GET /api/people': 'logged-in',
  'GET /api/people/{id}': 'logged-in',
  'PATCH /api/people/{id}': ADMIN_HR,
  'GET /api/scorecards': 'logged-in',
  'POST /api/scorecards': MANAGERS,
  'GET /api/scorecards/{id}': 'logged-in',
  'PUT /api/scorecards/{id}/items': MANAGERS,
  'POST /api/scorecards/{id}/approve': MANAGERS,
  'POST /api/scorecards/{id}/manager-assessment': MANAGERS,
  'GET /api/scorecards/{id}/self-report': 'logged-in',
  'PUT /api/scorecards/{id}/self-report': 'logged-in',
  'POST /api/scorecards/{id}/bonus': MANAGERS,
  'GET /api/feedback/requests': 'logged-in',
  'POST /api/feedback/requests': ['admin', 'hr', 'manager'],
  'POST /api/feedback': 'logged-in',
  'GET /api/feedback/summary': 'logged-in',
  'GET /api/feedback/raw': ADMIN_HR,
  'GET /api/calibration': ['admin', 'hr', 'manager'],
  'POST /api/calibration/adjust': ['admin', 'hr', 'manager'],
  'GET /api/reviews/{scorecardId}': 'logged-in',
  'POST /api/reviews/{scorecardId}/plan': MANAGERS,
  'PATCH /api/reviews/plan/{id}': ['admin', 'manager', 'member'],
  'GET /api/incentives': ['admin', 'hr', 'manager'],
  'GET /api/incentives/export.csv': ADMIN_HR,
  'GET /api/incentives/export.xlsx': ADMIN_HR,
  'GET /api/incentives/recommendations': ADMIN_HR,
  'GET /api/workflow/settings': ['admin', 'hr', 'manager'],
  'PUT /api/workflow/settings': ADMIN_HR,
  // Quarterly recalibration (not in the contract table; DESIGN: directors decide, analysts define metric versions).
  'GET /api/recalibrations': ['admin', 'manager', 'analyst'],
  'POST /api/recalibrations': ['admin', 'manager', 'analyst'],
  'GET /api/recalibrations/{id}': ['admin', 'manager', 'analyst'],
  'POST /api/recalibrations/{id}/approve': ['admin'],
  'POST /api/recalibrations/{id}/reject': ['admin'],
};

function allows(access: Access, who: Role | 'anonymous'): boolean {
  if (access === 'anyone') return true;
  if (who === 'anonymous') return false;
  return access === 'logged-in' || access.includes(who);
}

let h: Harness;
const userIds = new Map<Role, string>();
beforeAll(async () => {
  h = await startHarness();
  for (const role of ROLES) userIds.set(role, (await getUserByName(h.engine, role)).id);
});
afterAll(async () => h.close());

describe('authorization matrix', () => {
  it('every registered /api route has an expected-access row, and every row a route', () => {
    const routes = registeredRoutes(h.app);
    expect(routes.filter((r) => !(r in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((r) => !routes.includes(r))).toEqual([]);
  });

  const cases = Object.entries(EXPECTED).flatMap(([route, access]) =>
    (['anonymous', ...ROLES] as const).map((who) => ({ route, who, allowed: allows(access, who) })),
  );

  it.each(cases)('$route as $who → allowed=$allowed', async ({ route, who, allowed }) => {
    const [method, path] = route.split(' ') as [string, string];
    const url = path.replace(/\{[^}]+\}/g, 'no-such-id');
    const headers: Record<string, string> = {};
    if (who !== 'anonymous') {
      // A fresh session per request (logout or password routes may end it).
      const session = await createSession(h.engine, userIds.get(who) as string);
      headers.cookie = `ys_session=${session.id}; ys_csrf=${session.csrf}`;
      headers['x-csrf-token'] = session.csrf;
    }
    const write = !['GET', 'HEAD'].includes(method);
    const res = await h.app.inject({ method: method as 'GET', url, headers, ...(write ? { payload: {} } : {}) });
    const code = res.headers['content-type']?.toString().includes('json') ? res.json()?.error?.code : undefined;
    if (allowed) {
      expect(res.statusCode, res.body).not.toBe(401);
      expect(code, res.body).not.toBe('role_forbidden');
      expect(code, res.body).not.toBe('csrf_failed');
    } else if (who === 'anonymous') {
      expect(res.statusCode, res.body).toBe(401);
    } else {
      expect(res.statusCode, res.body).toBe(403);
      expect(code).toBe('role_forbidden');
    }
  });
});

/**
 * Ownership on top of the role layer for imports (DESIGN: members import data for what they own): a spend file whose
 * rows belong to another person (p04) and one owned by the member's own person (p03), uploaded as every role.
 */
const IMPORT_OWNERSHIP: { who: Role; others: number | string; own: number | string }[] = [
  { who: 'admin', others: 200, own: 200 },
  { who: 'analyst', others: 200, own: 200 },
  { who: 'member', others: 'import_not_owner', own: 200 },
  { who: 'manager', others: 'role_forbidden', own: 'role_forbidden' },
  { who: 'hr', others: 'role_forbidden', own: 'role_forbidden' },
  { who: 'viewer', others: 'role_forbidden', own: 'role_forbidden' },
];

describe('import ownership matrix', () => {
  it.each(IMPORT_OWNERSHIP)('POST /api/imports as $who: others’ rows → $others, own rows → $own', async (row) => {
    const session = await createSession(h.engine, userIds.get(row.who) as string);
    for (const [owner, expected] of [
      ['p04', row.others],
      ['p03', row.own],
    ] as const) {
      const form = new FormData();
      form.append('format', 'spend');
      form.append('dry_run', 'true');
      const csv = `date,amount,owner_id\n2026-02-01,1.00,${owner}\n`;
      form.append('file', new Blob([csv], { type: 'text/csv' }), `spend-${owner}.csv`);
      const request = new Request('http://local/', { method: 'POST', body: form });
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/imports',
        headers: {
          cookie: `ys_session=${session.id}; ys_csrf=${session.csrf}`,
          'x-csrf-token': session.csrf,
          'content-type': request.headers.get('content-type') as string,
        },
        payload: Buffer.from(await request.arrayBuffer()),
      });
      if (typeof expected === 'number') expect(res.statusCode, `${owner}: ${res.body}`).toBe(expected);
      else {
        expect(res.statusCode, `${owner}: ${res.body}`).toBe(403);
        expect(res.json().error.code).toBe(expected);
      }
    }
  });
});

describe('deny by default', () => {
  it('a route under /api without a policy stops the server from starting', async () => {
    const engine = await openTestWarehouse();
    const careless: FastifyPluginAsync = async (app) => {
      app.get('/oops', async () => ({ secret: true }));
    };
    await expect(
      buildServer({
        engine,
        config: loadConfig({}),
        logger: false,
        collector: false,
        extraRoutes: [{ name: 'oops', plugin: careless }],
      }),
    ).rejects.toThrow(/GET \/api\/oops has no authorization policy/);
    await engine.close();
  });
});
