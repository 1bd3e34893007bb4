import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../config.js';
import type { Engine } from '../../warehouse/engine.js';
import { openWarehouse } from '../../warehouse/index.js';
import { collectorPlugin } from './index.js';

const SNIPPET = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/public/collect.js');
const chromiumPath = config().chromiumPath;

const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<script async src="/collect.js"></script></head><body>
<a id="dl" href="/files/whitepaper.pdf" download>白皮书</a>
<button id="share" data-share="wechat">分享</button>
<form id="trial" onsubmit="event.preventDefault()"><input name="email"><button id="go" type="submit">试用</button></form>
</body></html>`;

describe('web/public/collect.js', () => {
  it('is a small snippet (< 3 KB)', () => {
    expect(readFileSync(SNIPPET).byteLength).toBeLessThan(3 * 1024);
  });

  describe.skipIf(!existsSync(chromiumPath))('in a real browser', () => {
    let engine: Engine;
    let app: FastifyInstance;
    let browser: Browser;
    let origin: string;

    beforeAll(async () => {
      engine = await openWarehouse(':memory:');
      app = Fastify({ logger: false });
      await app.register(collectorPlugin, { engine });
      app.get('/collect.js', async (_req, reply) => reply.type('text/javascript').send(readFileSync(SNIPPET)));
      app.get('/landing', async (_req, reply) => reply.type('text/html').send(PAGE));
      app.get('/files/whitepaper.pdf', async (_req, reply) => reply.type('application/pdf').send('%PDF-1.4'));
      await app.listen({ host: '127.0.0.1', port: 0 });
      origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await engine?.close();
    });

    it('records page view, download, share and form submit with utm and a first-party visitor id', async () => {
      const page = await browser.newPage();
      await page.goto(`${origin}/landing?utm_source=zhihu&utm_medium=social&utm_campaign=spring`);
      await page.waitForFunction(() => 'yardstick' in window);
      await page.click('#share');
      await page.click('#go');
      await page.evaluate(() => {
        const a = document.getElementById('dl') as HTMLAnchorElement;
        a.addEventListener('click', (e) => e.preventDefault());
        a.click();
        (window as unknown as { yardstick: { flush(): void } }).yardstick.flush();
      });
      const visitor = await page.evaluate(() => localStorage.getItem('_ys_vid'));
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === '_ys_vid')?.value).toBe(visitor);
      let rows: { event_type: string; visitor_id: string; channel: string; properties: string | null }[] = [];
      for (let i = 0; i < 100 && rows.length < 4; i++) {
        await new Promise((r) => setTimeout(r, 100));
        rows = await engine.query('SELECT event_type, visitor_id, channel, properties FROM events ORDER BY event_type');
      }
      await page.close();
      expect(rows.map((r) => r.event_type)).toEqual(['download', 'form_submit', 'page_view', 'share']);
      expect(new Set(rows.map((r) => r.visitor_id))).toEqual(new Set([visitor]));
      expect(rows.find((r) => r.event_type === 'page_view')?.channel).toBe('知乎');
      expect(JSON.parse(rows.find((r) => r.event_type === 'share')?.properties ?? '{}')).toEqual({ network: 'wechat' });
      expect(JSON.parse(rows.find((r) => r.event_type === 'download')?.properties ?? '{}').file).toContain(
        'whitepaper.pdf',
      );
    }, 60_000);
  });
});
