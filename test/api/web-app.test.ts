import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'yardstick-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root">量尺</div>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  h = await startHarness({ webDir: dir });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web app', () => {
  it.each([
    { url: '/', status: 200, body: /量尺/ },
    { url: '/scorecards/42', status: 200, body: /id="root"/ },
    { url: '/assets/app.js', status: 200, body: /console\.log/ },
    { url: '/assets/missing.js', status: 404, body: /not_found/ },
    { url: '/api/unknown', status: 404, body: /not_found/ },
  ])('GET $url → $status', async ({ url, status, body }) => {
    const res = await h.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.body).toMatch(body);
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('pages are revalidated on every load; hashed assets are cached for good', async () => {
    for (const url of ['/', '/index.html', '/team']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    const asset = await h.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.etag).toBeDefined();
  });

  it('a rebuild while the server runs is served at once: new index.html and new hashed assets', async () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script src="/assets/app-v2.js"></script>新版');
    writeFileSync(path.join(dir, 'assets', 'app-v2.js'), 'console.log(2)');
    const page = await h.app.inject({ method: 'GET', url: '/' });
    expect(page.body).toContain('新版');
    const deep = await h.app.inject({ method: 'GET', url: '/scorecards/7' });
    expect(deep.body).toContain('app-v2.js');
    const asset = await h.app.inject({ method: 'GET', url: '/assets/app-v2.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(2)');
  });
});
