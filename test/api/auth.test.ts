import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, digestSecret } from '../../src/app/auth/index.js';
import { getUserByName } from '../../src/app/users/index.js';
import { type Harness, passwordOf, startHarness } from './harness.js';

// One server for the file; tests that lock or disable accounts use their own fresh server.
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function isolated(fn: (fresh: Harness) => Promise<void>): Promise<void> {
  const fresh = await startHarness({ lockout: { maxFailures: 5, windowMs: 15 * 60_000 } });
  try {
    await fn(fresh);
  } finally {
    await fresh.close();
  }
}

describe('login, session, logout', () => {
  it('logs in, sets hardened cookies, and /api/me describes the account', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'member', password: passwordOf('member') },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = setCookie.find((c) => c.startsWith('ys_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).toMatch(/Expires=/i);
    expect(setCookie.find((c) => c.startsWith('ys_csrf='))).not.toMatch(/HttpOnly/i);
    expect(res.json().user).toMatchObject({
      username: 'member',
      role: 'member',
      person_id: 'p03',
      name: '张伟',
      team: '增长团队',
    });

    const s = await h.login('member');
    const me = await h.as(s, 'GET', '/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'member', department: '市场部', lang: 'zh-CN' });
  });

  it('rejects a wrong password and an unknown user with the same 401', async () => {
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'member', password: 'nope-nope' },
    });
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ghost', password: 'nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('unauthorized');
  });

  it('anonymous /api/me is 401', async () => {
    const res = await h.as(null, 'GET', '/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('logout ends the session', async () => {
    const s = await h.login('manager');
    expect((await h.as(s, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await h.as(s, 'GET', '/api/me')).statusCode).toBe(401);
  });

  it('locks a username after 5 failures (429), even with the right password', async () => {
    await isolated(async (f) => {
      for (let i = 0; i < 5; i++) {
        const r = await f.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'hr', password: 'wrong-password' },
        });
        expect(r.statusCode).toBe(401);
      }
      const locked = await f.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'hr', password: passwordOf('hr') },
      });
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.code).toBe('too_many_attempts');
    });
  });

  it('locks an IP after 5 failures across usernames', async () => {
    await isolated(async (f) => {
      for (const username of ['a1', 'a2', 'a3', 'a4', 'a5']) {
        await f.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: 'wrong-password' },
          remoteAddress: '10.0.0.9',
        });
      }
      const fromSameIp = await f.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: passwordOf('admin') },
        remoteAddress: '10.0.0.9',
      });
      expect(fromSameIp.statusCode).toBe(429);
      const fromElsewhere = await f.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: passwordOf('admin') },
        remoteAddress: '10.0.0.10',
      });
      expect(fromElsewhere.statusCode).toBe(200);
    });
  });

  it('a disabled account cannot log in and loses its sessions', async () => {
    await isolated(async (f) => {
      const s = await f.login('analyst');
      const admin = await f.login('admin');
      const analyst = await getUserByName(f.engine, 'analyst');
      expect(
        (await f.as(admin, 'POST', `/api/users/${analyst.id}/disable`, { reason: 'left the company' })).statusCode,
      ).toBe(200);
      expect((await f.as(s, 'GET', '/api/me')).statusCode).toBe(401);
      const again = await f.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'analyst', password: passwordOf('analyst') },
      });
      expect(again.statusCode).toBe(401);
    });
  });
});

describe('account changes', () => {
  it('changing a role ends the sessions of that account and is audited', async () => {
    await isolated(async (f) => {
      const s = await f.login('viewer');
      const admin = await f.login('admin');
      const viewer = await getUserByName(f.engine, 'viewer');
      const res = await f.as(admin, 'PATCH', `/api/users/${viewer.id}`, { role: 'analyst' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ role: 'analyst', person_id: 'p11' });
      expect((await f.as(s, 'GET', '/api/me')).statusCode).toBe(401);
      const again = await f.login('viewer');
      expect((await f.as(again, 'GET', '/api/me')).json().role).toBe('analyst');
      const audit = await f.engine.query(
        "SELECT before_json, after_json FROM audit_log WHERE entity_id = $1 AND action = 'update'",
        [viewer.id],
      );
      expect(JSON.parse(String(audit[0]?.before_json)).role).toBe('viewer');
      expect(JSON.parse(String(audit[0]?.after_json)).role).toBe('analyst');
    });
  });

  it('an empty change is a 422', async () => {
    const admin = await h.login('admin');
    const viewer = await getUserByName(h.engine, 'viewer');
    const res = await h.as(admin, 'PATCH', `/api/users/${viewer.id}`, {});
    expect(res.statusCode).toBe(422);
  });
});

describe('CSRF and session expiry', () => {
  it('a write with the session cookie but without the CSRF header is 403', async () => {
    const s = await h.login('admin');
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: s.cookie },
      payload: { username: 'newbie', role: 'analyst', password: 'long-enough-pw' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    const wrong = await h.as(
      s,
      'POST',
      '/api/users',
      { username: 'newbie', role: 'analyst' },
      { 'x-csrf-token': 'forged' },
    );
    expect(wrong.statusCode).toBe(403);
    const ok = await h.as(s, 'POST', '/api/users', { username: 'newbie', role: 'analyst', password: 'long-enough-pw' });
    expect(ok.statusCode).toBe(201);
  });

  it('an idle-expired session is 401 and removed', async () => {
    const s = await h.login('manager');
    await h.engine.exec('UPDATE auth_sessions SET last_seen_at = now()::TIMESTAMP - INTERVAL 9 HOUR');
    const res = await h.as(s, 'GET', '/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/expired/);
    const id = /ys_session=([^;]+)/.exec(s.cookie)?.[1] ?? '';
    const left = await h.engine.query('SELECT 1 FROM auth_sessions WHERE id_hash = $1', [digestSecret(id)]);
    expect(left).toEqual([]);
  });

  it('an absolutely-expired session is 401', async () => {
    const s = await h.login('manager');
    await h.engine.exec('UPDATE auth_sessions SET expires_at = now()::TIMESTAMP - INTERVAL 1 MINUTE');
    expect((await h.as(s, 'GET', '/api/me')).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it.each([
    { scopes: ['read'] as const, method: 'GET', url: '/api/me', status: 200 },
    { scopes: ['import'] as const, method: 'GET', url: '/api/me', status: 403 },
    { scopes: ['read'] as const, method: 'POST', url: '/api/users', status: 403 },
    { scopes: ['admin'] as const, method: 'POST', url: '/api/users', status: 201 },
    { scopes: ['read'] as const, method: 'GET', url: '/api/users', status: 403 },
    { scopes: ['admin'] as const, method: 'GET', url: '/api/users', status: 200 },
  ])('token with $scopes: $method $url → $status', async ({ scopes, method, url, status }) => {
    const admin = await getUserByName(h.engine, 'admin');
    const { token } = await createApiToken(h.engine, 'test', { userId: admin.id, scopes: [...scopes] });
    expect(token).toMatch(/^ys_/);
    const res = await h.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(method === 'POST'
        ? { payload: { username: `u${Math.random().toString(36).slice(2, 8)}`, role: 'viewer' } }
        : {}),
    });
    expect(res.statusCode).toBe(status);
  });

  it('a token is limited by its owner role too, and stored only as a digest', async () => {
    const member = await getUserByName(h.engine, 'member');
    const { token } = await createApiToken(h.engine, 'test', { userId: member.id, scopes: ['admin'] });
    const res = await h.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(403);
    const rows = await h.engine.query('SELECT token_hash FROM api_tokens');
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('an admin lists a user’s tokens without secrets and revokes one: it stops working, audited', async () => {
    const analyst = await getUserByName(h.engine, 'analyst');
    const { id, token } = await createApiToken(h.engine, 'test', { userId: analyst.id, scopes: ['read'], name: 'bi' });
    const bearer = { authorization: `Bearer ${token}` };
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: bearer })).statusCode).toBe(200);
    const admin = await h.login('admin');
    const listed = await h.as(admin, 'GET', `/api/users/${analyst.id}/tokens`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toContainEqual(
      expect.objectContaining({ id, name: 'bi', scopes: ['read'], revoked_at: null }),
    );
    expect(listed.body).not.toContain(token);
    expect(listed.body).not.toContain(digestSecret(token));
    // another user's path does not reach this token
    const member = await getUserByName(h.engine, 'member');
    expect((await h.as(admin, 'POST', `/api/users/${member.id}/tokens/${id}/revoke`)).statusCode).toBe(404);
    expect((await h.as(admin, 'POST', `/api/users/${analyst.id}/tokens/${id}/revoke`)).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: bearer })).statusCode).toBe(401);
    const after = (await h.as(admin, 'GET', `/api/users/${analyst.id}/tokens`)).json().items;
    expect(after.find((t: { id: string }) => t.id === id).revoked_at).toMatch(/^\d{4}-/);
    const audit = await h.engine.query(
      "SELECT actor FROM audit_log WHERE entity = 'api_token' AND entity_id = $1 AND action = 'revoke'",
      [id],
    );
    expect(audit).toEqual([{ actor: 'admin' }]);
  });

  it('an unknown token is 401', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer ys_nope' } });
    expect(res.statusCode).toBe(401);
  });
});
