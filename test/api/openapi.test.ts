import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';
import { registeredRoutes } from './routes.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1, public, and lists every registered /api route', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.sort()).toEqual(registeredRoutes(h.app));
  });

  it('describes bodies, parameters and access from the zod schemas and policies', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const create = doc.paths['/api/users'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['username', 'role']));
    expect(body.properties.role.enum).toContain('analyst');
    expect(create.description).toContain('roles: admin');
    expect(create.security).toBeDefined();
    const audit = doc.paths['/api/audit'].get;
    expect(audit.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['page', 'page_size', 'entity', 'from', 'to']),
    );
    const user = doc.paths['/api/users/{id}'].get;
    expect(user.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(doc.paths['/api/auth/login'].post.security).toBeUndefined();
  });
});
