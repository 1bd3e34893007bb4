import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type Session, startHarness } from './harness.js';

let h: Harness;
let admin: Session;
beforeAll(async () => {
  h = await startHarness({ bodyLimit: 4096 });
  admin = await h.login('admin');
});
afterAll(async () => h.close());

describe('bad requests get 4xx with a field-level message', () => {
  it.each([
    { name: 'missing username', body: { role: 'analyst' }, status: 422, field: 'username', message: /field username/ },
    {
      name: 'wrong type',
      body: { username: 42, role: 'analyst' },
      status: 422,
      field: 'username',
      message: /field username: .*string/i,
    },
    { name: 'unknown role', body: { username: 'x1', role: 'boss' }, status: 422, field: 'role', message: /field role/ },
    {
      name: 'short password',
      body: { username: 'x2', role: 'analyst', password: 'short' },
      status: 422,
      field: 'password',
      message: /field password: at least 8/,
    },
    {
      name: 'member without person',
      body: { username: 'x3', role: 'member' },
      status: 422,
      field: 'person_id',
      message: /person_id/,
    },
    {
      name: 'unknown person',
      body: { username: 'x4', role: 'member', person_id: 'p99' },
      status: 422,
      field: 'person_id',
      message: /p99/,
    },
  ])('POST /api/users: $name → $status', async ({ body, status, field, message }) => {
    const res = await h.as(admin, 'POST', '/api/users', body);
    expect(res.statusCode).toBe(status);
    const error = res.json().error;
    expect(error.code).toBe('validation_error');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('login without a password names the field', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'validation_error', field: 'password' });
  });

  it('query parameters are validated too', async () => {
    const res = await h.as(admin, 'GET', '/api/audit?page=0');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ field: 'page' });
    const bad = await h.as(admin, 'GET', '/api/metrics?period=2026-Q1&scope=planet:mars');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toMatch(/field scope: "planet:mars"/);
  });

  it('malformed JSON is 400', async () => {
    const res = await h.as(admin, 'POST', '/api/users', '{"username":', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('an oversized body is 413', async () => {
    const res = await h.as(admin, 'POST', '/api/users', {
      username: 'big',
      role: 'analyst',
      display_name: 'x'.repeat(10_000),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('unknown API routes are JSON 404s; internal errors are hidden', async () => {
    const res = await h.as(admin, 'GET', '/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('security headers are set', async () => {
    const res = await h.as(admin, 'GET', '/api/me');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('without a built web app, / says how to build it', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build:web');
    const deep = await h.app.inject({ method: 'GET', url: '/scorecards/123' });
    expect(deep.body).toContain('npm run build:web');
  });
});
