import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/app/context.js';
import { createUser } from '../../src/app/users/index.js';
import { loadConfig } from '../../src/config.js';
import { buildServer, type ServerOptions } from '../../src/server/app.js';
import type { Engine } from '../../src/warehouse/engine.js';
import { openWarehouse } from '../../src/warehouse/index.js';

/** The little organisation every API test uses: a director, two managers with reports, sales, HR. */
export const PEOPLE = [
  ['p01', '王建国', '市场部', '市场部管理', null, 'admin'],
  ['p02', '李娜', '市场部', '增长团队', 'p01', 'manager'],
  ['p03', '张伟', '市场部', '增长团队', 'p02', 'member'],
  ['p04', '刘洋', '市场部', '增长团队', 'p02', 'member'],
  ['p05', '陈静', '市场部', '增长团队', 'p02', 'analyst'],
  ['p06', '杨帆', '市场部', '内容团队', 'p01', 'manager'],
  ['p07', '赵敏', '市场部', '内容团队', 'p06', 'member'],
  ['p11', '孙丽', '销售部', '销售团队', null, 'member'],
  ['p12', '郑华', '市场部', '市场部管理', 'p01', 'hr'],
] as const;

/** One account per role: username = role, password = `pw-<role>-secret`. */
export const ACCOUNTS: { role: Role; person: string | null }[] = [
  { role: 'admin', person: 'p01' },
  { role: 'manager', person: 'p02' },
  { role: 'analyst', person: 'p05' },
  { role: 'hr', person: 'p12' },
  { role: 'member', person: 'p03' },
  { role: 'viewer', person: 'p11' },
];

export const passwordOf = (username: string) => `pw-${username}-secret`;

/** A logged-in browser: cookie header and CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
}

export interface Harness {
  app: FastifyInstance;
  engine: Engine;
  login(username: string, password?: string): Promise<Session>;
  /** inject with a session (adds cookie and, for writes, the CSRF header). */
  as(
    session: Session | null,
    method: string,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Seeds people rows into a migrated engine. */
export async function seedPeople(engine: Engine): Promise<void> {
  await engine.append(
    'people',
    ['row_key', 'person_id', 'name', 'department', 'team', 'manager_id', 'role', 'email'],
    PEOPLE.map(([id, name, dept, team, manager, role]) => [
      id,
      id,
      name,
      dept,
      team,
      manager,
      role,
      `${id}@example.com`,
    ]),
  );
}

/** A fully migrated in-memory warehouse. */
export function openTestWarehouse(): Promise<Engine> {
  return openWarehouse(':memory:');
}

/** An in-memory server with people and one account per role. */
export async function startHarness(options: Partial<ServerOptions> = {}): Promise<Harness> {
  const engine = await openTestWarehouse();
  await seedPeople(engine);
  for (const { role, person } of ACCOUNTS) {
    await createUser(engine, 'test', { username: role, role, personId: person, password: passwordOf(role) });
  }
  const app = await buildServer({
    engine,
    config: loadConfig({}),
    logger: false,
    webDir: '/nonexistent-web-dist',
    collector: false,
    ...options,
  });
  await app.ready();
  const login = async (username: string, password = passwordOf(username)): Promise<Session> => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const session = res.cookies.find((c) => c.name === 'ys_session')?.value ?? '';
    const csrf = res.cookies.find((c) => c.name === 'ys_csrf')?.value ?? '';
    return { cookie: `ys_session=${session}; ys_csrf=${csrf}`, csrf };
  };
  const as: Harness['as'] = (session, method, url, payload, headers = {}) => {
    const all: Record<string, string> = { ...headers };
    if (session) {
      all.cookie = session.cookie;
      if (!['GET', 'HEAD'].includes(method)) all['x-csrf-token'] ??= session.csrf;
    }
    return app.inject({
      method: method as 'GET',
      url,
      headers: all,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  };
  return {
    app,
    engine,
    login,
    as,
    async close() {
      await app.close();
      await engine.close();
    },
  };
}
