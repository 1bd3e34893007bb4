/** Helpers of the browser tests: Chromium, a fresh web build, a demo server on port 0, canvas checks. */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { seedWorkflowDemo } from '../../src/app/demo-workflow.js';
import { createDemoAccounts } from '../../src/app/users/demo-accounts.js';
import { config, loadConfig } from '../../src/config.js';
import { seedDemo } from '../../src/ingest/demo/index.js';
import { buildServer } from '../../src/server/app.js';
import { ensureWebBuilt, WEB_DIST } from '../../src/server/web-build.js';

export { ensureWebBuilt, WEB_DIST };

import type { Engine } from '../../src/warehouse/engine.js';
import { openWarehouse } from '../../src/warehouse/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');

/** Flags for Debian's Chromium in a container (no sandbox, no GPU, nothing phoning home). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

/** Whether the configured Chromium executable exists. */
export function hasChromium(): boolean {
  return existsSync(config().chromiumPath);
}

/** Launches the configured Chromium headless. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: config().chromiumPath, args: CHROMIUM_ARGS });
}

/** A demo server: seeded temp DuckDB (facts, workflow, demo logins) behind the real buildServer on port 0. */
export interface DemoServer {
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

/** Seeds the demo (as `yardstick start` does) into a temp database and serves it with the built web app. */
export async function startDemoServer(options: { events?: number } = {}): Promise<DemoServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-e2e-'));
  const engine = await openWarehouse(path.join(dir, 'demo.duckdb'));
  const seeded = await seedDemo(engine, { events: options.events ?? 5_000 });
  await seedWorkflowDemo(engine, { until: seeded.until });
  await createDemoAccounts(engine);
  const app = await buildServer({ engine, config: loadConfig({}), logger: false, webDir: WEB_DIST });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    engine,
    close: async () => {
      await app.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login form and waits for the app shell. */
export async function loginAs(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor({ timeout: 30_000 });
}

/** Share of sampled pixels of the canvas inside `selector` that are not transparent (0 = blank chart). */
export async function canvasInk(page: Page, selector: string): Promise<number> {
  await page.locator(`${selector} canvas`).first().waitFor({ timeout: 30_000 });
  // ECharts animates in; give the first frames time to paint.
  await page.waitForTimeout(1200);
  return page.evaluate((sel) => {
    const canvas = document.querySelector(`${sel} canvas`) as HTMLCanvasElement | null;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !canvas.width || !canvas.height) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    let samples = 0;
    for (let i = 3; i < data.length; i += 4 * 37) {
      samples++;
      if ((data[i] ?? 0) > 0) inked++;
    }
    return samples ? inked / samples : 0;
  }, selector);
}

/** Saves a full-page screenshot to artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
