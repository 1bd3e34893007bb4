/**
 * End to end: the built web app against the real server on seeded demo data, driven through Debian's Chromium.
 * Skipped (with a message) when Chromium is missing, unless CI is set: then it fails.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import {
  canvasInk,
  type DemoServer,
  ensureWebBuilt,
  hasChromium,
  launchChromium,
  loginAs,
  ROOT,
  screenshot,
  startDemoServer,
} from './harness.js';

const run = hasChromium() || config().ci;
if (!run) {
  console.warn(
    `test/e2e: skipping the browser tests: no Chromium at ${config().chromiumPath} ` +
      '(apt-get install chromium fonts-wqy-microhei, or set YARDSTICK_CHROMIUM)',
  );
}

const NEW_PERIOD = '2027-Q1';
const CJK = /[\u4e00-\u9fff]/;
/** Server round trips take seconds on a busy machine. */
const POLL = { timeout: 20_000, interval: 250 };

describe.skipIf(!run)('web app in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(width = 1366, height = 768): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    browser = await launchChromium();
    server = await startDemoServer();
  }, 600_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  let manager: Page;

  it('a manager logs in and sees the dashboard: tiles, Chinese text, charts drawn', async () => {
    manager = await newPage();
    await loginAs(manager, server.url, 'manager', 'yardstick-manager');
    await manager.waitForURL(/\/dashboard$/);
    await manager.getByTestId('tile-online_revenue').waitFor();
    const text = await manager.locator('body').innerText();
    expect(text).toMatch(CJK);
    expect(text).toContain('经营看板');
    expect(text).toContain('线上销售额');
    expect(text).toContain('转化漏斗');
    expect(text).toMatch(/百度SEM|微信公众号|抖音/);
    expect(await manager.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    for (const chart of ['funnel-chart', 'channel-chart', 'trend-chart']) {
      expect(await canvasInk(manager, `[data-testid="${chart}"]`), chart).toBeGreaterThan(0.01);
    }
    // The CJK font is installed and used: a Chinese string has a real width, not zero-width boxes.
    const width = await manager.evaluate(() => {
      const span = document.createElement('span');
      span.textContent = '量尺经营看板';
      span.style.fontSize = '20px';
      document.body.append(span);
      const w = span.getBoundingClientRect().width;
      span.remove();
      return w;
    });
    expect(width).toBeGreaterThan(80);
    await screenshot(manager, 'dashboard');
  });

  it('drills into a KPI: the drawer shows version, formula, SQL and source rows', async () => {
    // UV: the demo's events reach the current day, so the current period always has source rows (leads are sparse
    // in the small e2e demo and may be absent from the current quarter)
    await manager.getByTestId('tile-uv').getByTestId('tile-value').click();
    const body = manager.getByTestId('explain-body');
    await body.waitFor();
    const text = await body.innerText();
    expect(text).toContain('定义版本');
    expect(text).toMatch(/v\d/);
    expect(text).toContain('公式');
    expect(text).toContain('SELECT');
    expect(await body.getByTestId('source-row').count()).toBeGreaterThan(0);
    await screenshot(manager, 'explain');
    await manager.keyboard.press('Escape');
  });

  it('creates targets for a member from the B2B template and approves them', async () => {
    await manager.goto(`${server.url}/targets`);
    await manager.getByTestId('new-period-id').fill(NEW_PERIOD);
    await manager.getByTestId('new-period-create').click();
    await expect.poll(() => manager.getByTestId('period-picker').innerText(), POLL).toContain(NEW_PERIOD);
    await manager.getByTestId('target-person').click();
    await manager.locator('.ant-select-item-option', { hasText: '张伟' }).click();
    expect(await manager.getByTestId('target-template').innerText()).toMatch(/B2B/);
    await manager.getByTestId('create-scorecard').click();
    const editor = manager.getByTestId('target-editor');
    await editor.waitFor();
    expect(await editor.innerText()).toContain('张伟');
    expect(await manager.getByTestId('weight-total').innerText()).toContain('100');
    expect(await editor.innerText()).toMatch(/MQL|成单率|客户终身价值/);
    // SMART targets: a number for every quantitative item, then save (lint runs) and approve.
    const targets = editor.locator('[data-testid^="target-value-"]');
    const count = await targets.count();
    expect(count).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < count; i++) {
      const field = targets.nth(i);
      const input = (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input');
      await input.fill(String(10 + i));
    }
    await manager.getByTestId('save-targets').click();
    await manager.getByText('已保存').first().waitFor();
    await manager.getByTestId('approve-targets').click();
    await expect.poll(() => editor.innerText(), POLL).toContain('approved');
    const [row] = await server.engine.query<{ status: string; template_id: string }>(
      "SELECT status, template_id FROM scorecards WHERE period_id = $1 AND subject_id = 'p03'",
      [NEW_PERIOD],
    );
    expect(row).toEqual({ status: 'approved', template_id: 'b2b' });
    await screenshot(manager, 'targets');
  });

  it('shows the team scorecards and the calibration chart', async () => {
    await manager.goto(`${server.url}/team`);
    await manager.getByTestId('team-table').waitFor();
    await expect.poll(() => manager.getByTestId('team-table').innerText(), POLL).toContain('张伟');
    await screenshot(manager, 'team');
    await manager.getByRole('tab', { name: '校准' }).click();
    expect(await canvasInk(manager, '[data-testid="calibration-chart"]')).toBeGreaterThan(0.005);
    await screenshot(manager, 'calibration');
    await manager.getByRole('tab', { name: '平衡计分卡' }).click();
    await manager.getByText('学习与成长').first().waitFor();
    expect(await manager.locator('body').innerText()).toContain('财务');
    await screenshot(manager, 'balanced-scorecard');
  });

  it('opens a review meeting (gap per KPI, drivers, plan) and the settings', async () => {
    const [card] = await server.engine.query<{ id: string }>(
      "SELECT id FROM scorecards WHERE subject_id = 'p03' AND period_id <> $1 ORDER BY period_id DESC LIMIT 1",
      [NEW_PERIOD],
    );
    await manager.goto(`${server.url}/reviews/${card?.id}`);
    await manager.getByText('各指标差距').first().waitFor();
    await manager.getByText('改进计划').first().waitFor();
    expect(await manager.locator('body').innerText()).toMatch(/线索量|投资回报率|MQL量/);
    await screenshot(manager, 'review-meeting');
    await manager.goto(`${server.url}/settings`);
    await manager.getByText('mql_count').first().waitFor();
    await screenshot(manager, 'settings');
  });

  let member: Page;

  it('a member sees only their own scorecard and gets 403 on another person’s', async () => {
    member = await newPage();
    await loginAs(member, server.url, 'member', 'yardstick-member');
    await member.waitForURL(/\/my$/);
    await member.getByTestId('scorecard').waitFor();
    const text = await member.locator('body').innerText();
    expect(text).toContain('张伟');
    expect(text).toContain('我的考核');
    const menu = await member.getByTestId('side-menu').innerText();
    expect(menu).not.toContain('团队考核');
    expect(menu).not.toContain('经营看板');
    await screenshot(member, 'my-scorecard');
    const [other] = await server.engine.query<{ id: string }>(
      "SELECT id FROM scorecards WHERE subject_id = 'p04' ORDER BY period_id DESC LIMIT 1",
    );
    await member.goto(`${server.url}/scorecards/${other?.id}`);
    await member.getByText('无权查看').waitFor();
    expect(await member.locator('body').innerText()).not.toContain('刘洋');
    await screenshot(member, 'member-403');
  });

  it('the member submits 360° feedback', async () => {
    await member.goto(`${server.url}/feedback`);
    const list = member.getByTestId('feedback-requests');
    await list.waitFor();
    const fill = list.getByRole('button', { name: '去填写' });
    await fill.first().waitFor();
    const before = await fill.count();
    await fill.first().click();
    const form = member.getByTestId('feedback-form');
    for (const dim of ['collaboration', 'professionalism', 'communication', 'results', 'innovation']) {
      await form.getByTestId(`rate-${dim}`).locator('li [role="radio"]').nth(3).click();
    }
    await form.locator('textarea').fill('沟通及时，数据复盘很扎实。');
    await member.getByTestId('feedback-submit').click();
    await member.getByText('已提交，感谢你的反馈').waitFor();
    // Answered forms leave the list of forms to fill.
    await expect.poll(() => fill.count(), POLL).toBe(before - 1);
    await screenshot(member, 'feedback');
  });

  it('an analyst uploads a CSV with one bad row and sees the row and column', async () => {
    const analyst = await newPage();
    await loginAs(analyst, server.url, 'analyst', 'yardstick-analyst');
    await analyst.goto(`${server.url}/data`);
    await analyst.getByTestId('upload-card').waitFor();
    await analyst
      .getByTestId('upload-card')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'leads-bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'lead_id,created_at,channel\nE2E1,2026-11-01 10:00:00,百度SEM\nE2E2,不是日期,抖音\nE2E3,2026-11-02,微信公众号\n',
        ),
      });
    await analyst.getByTestId('import-dry-run').click();
    const outcome = analyst.getByTestId('import-outcome');
    await outcome.waitFor();
    const text = await outcome.innerText();
    expect(text).toContain('leads-bad.csv');
    expect(text).toMatch(/row 3/);
    expect(text).toContain('created_at');
    const errors = await analyst.getByTestId('import-errors').innerText();
    expect(errors).toMatch(/\b3\b/);
    expect(errors).toContain('created_at');
    await screenshot(analyst, 'data-upload-error');
  });

  it('works at phone width and switches to English', async () => {
    const phone = await newPage(375, 812);
    await loginAs(phone, server.url, 'manager', 'yardstick-manager');
    await phone.getByTestId('tile-online_revenue').waitFor();
    expect(await canvasInk(phone, '[data-testid="funnel-chart"]')).toBeGreaterThan(0.01);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(phone, 'dashboard-phone');
    await phone.getByTestId('lang-switch').click();
    await phone.getByText('Dashboard', { exact: false }).first().waitFor();
    expect(await phone.evaluate(() => localStorage.getItem('ys_lang'))).toBe('en');
    const mobileMember = await newPage(375, 812);
    await loginAs(mobileMember, server.url, 'member', 'yardstick-member');
    await mobileMember.getByTestId('scorecard').waitFor();
    await screenshot(mobileMember, 'my-scorecard-phone');
    expect(path.isAbsolute(ROOT)).toBe(true);
  });
});
