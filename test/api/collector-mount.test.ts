import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ collector: true });
});
afterAll(async () => h.close());

describe('event collector mount', () => {
  it('POST /collect is served by the collector plugin (validation answers, not 404) and listed in OpenAPI', async () => {
    const bad = await h.app.inject({ method: 'POST', url: '/collect', payload: { events: 'nope' } });
    expect([400, 422]).toContain(bad.statusCode);
    const good = await h.app.inject({
      method: 'POST',
      url: '/collect',
      payload: { events: [{ type: 'page_view', visitor_id: 'v1', url: 'https://example.com/?utm_source=baidu' }] },
    });
    expect(good.statusCode, good.body).toBe(202);
    const [row] = await h.engine.query<{ n: number }>('SELECT count(*) AS n FROM events');
    expect(row?.n).toBe(1);
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/collect']?.post).toBeDefined();
  });
});
