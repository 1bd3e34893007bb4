/**
 * End to end, part two: calibration with a reason, improvement plans, users admin, the audit log viewer and its XLSX
 * export, channel rules, the data page (server preview of a GBK file, data quality, import jobs, a member's import
 * refused for someone else's rows). One demo server and one Chromium for the file; screenshots in artifacts/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
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
  screenshot,
  startDemoServer,
} from './harness.js';

const run = hasChromium() || config().ci;
/** A reason that a spreadsheet would run as a formula: the export must neutralise it. */
const FORMULA_REASON = '=1+2 大客户签约贡献突出，上调一档';
/** Server round trips (scoring a snapshot) take seconds on a busy machine. */
const POLL = { timeout: 20_000, interval: 250 };

describe.skipIf(!run)('settings, calibration, plans and data in Chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let downloads: string;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  }

  /** Confirms the open antd Popconfirm. */
  async function confirmPop(page: Page): Promise<void> {
    const ok = page.locator('.ant-popconfirm:visible .ant-btn-primary');
    await ok.click();
    await ok.waitFor({ state: 'hidden' });
  }

  /** Picks an option of an antd Select by its label (typing it first when the select is searchable). */
  async function choose(page: Page, select: ReturnType<Page['getByTestId']>, label: string): Promise<void> {
    await select.click();
    const input = select.locator('input').first();
    const option = page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).first();
    if ((await input.count()) > 0 && (await input.getAttribute('readonly')) === null) {
      await input.fill(label);
      await option.waitFor();
      await input.press('Enter');
    } else {
      await option.click();
    }
    await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
    await expect.poll(() => select.innerText(), POLL).toContain(label);
  }

  /** The text input of an antd field (the test id sits on the input or on its wrapper). */
  const field = (page: Page, testId: string) =>
    page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

  beforeAll(async () => {
    ensureWebBuilt();
    browser = await launchChromium();
    server = await startDemoServer();
    downloads = mkdtempSync(path.join(tmpdir(), 'yardstick-e2e-downloads-'));
  }, 600_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  let manager: Page;
  let period: string;

  it('a manager moves the period to calibration and changes a band with a reason; the chart follows', async () => {
    manager = await newPage();
    await loginAs(manager, server.url, 'manager', 'yardstick-manager');
    await manager.goto(`${server.url}/team`);
    await manager.getByTestId('period-workflow').waitFor();
    // The app opens on the period in progress.
    const [current] = await server.engine.query<{ id: string }>(
      "SELECT id FROM periods WHERE status = 'in_progress' ORDER BY start_date DESC LIMIT 1",
    );
    period = current?.id ?? '';
    expect(await manager.getByTestId('period-picker').innerText()).toContain(period);
    for (const step of ['评估中', '校准中']) {
      await manager.getByTestId('period-advance').click();
      await confirmPop(manager);
      await manager.getByText(`考核期已进入“${step}”`).first().waitFor();
    }
    const [moved] = await server.engine.query<{ status: string }>('SELECT status FROM periods WHERE id = $1', [period]);
    expect(moved?.status).toBe('calibration');
    const transitions = await server.engine.query(
      "SELECT action FROM audit_log WHERE entity = 'period' AND entity_id = $1 AND actor = 'manager'",
      [period],
    );
    expect(transitions).toHaveLength(2);

    await manager.getByRole('tab', { name: '校准' }).click();
    const distribution = manager.getByTestId('calibration-distribution');
    await distribution.waitFor();
    expect(await canvasInk(manager, '[data-testid="calibration-chart"]')).toBeGreaterThan(0.005);
    const before = await distribution.innerText();
    const chartBefore = await manager.locator('[data-testid="calibration-chart"] canvas').first().screenshot();
    // The demo member reports to the demo manager: adjust their band.
    const [memberCard] = await server.engine.query<{ id: string }>(
      `SELECT s.id FROM scorecards s JOIN users u ON u.person_id = s.subject_id
       WHERE u.username = 'member' AND s.period_id = $1`,
      [period],
    );
    const cardId = memberCard?.id ?? '';
    const adjust = manager.getByTestId(`calibration-adjust-${cardId}`);
    await adjust.click();
    const modal = manager.locator('.ant-modal:visible');
    const view = await manager.evaluate((p) => fetch(`/api/calibration?period=${p}`).then((r) => r.json()), period);
    const currentBand = String(
      (view.people as { scorecard_id: string; band: string }[]).find((x) => x.scorecard_id === cardId)?.band,
    );
    const newBand = currentBand === 'S' ? 'D' : 'S';
    await choose(manager, modal.getByTestId('adjust-band'), newBand);
    await modal.getByTestId('adjust-reason').fill(FORMULA_REASON);
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => distribution.innerText(), POLL).not.toBe(before);
    const count = (text: string, band: string) => Number(new RegExp(`${band} (\\d+)`).exec(text)?.[1] ?? -1);
    const after = await distribution.innerText();
    expect(count(after, newBand)).toBe(count(before, newBand) + 1);
    expect(count(after, currentBand)).toBe(count(before, currentBand) - 1);
    // The bars were redrawn from the new distribution.
    await manager.waitForTimeout(1200);
    const chartAfter = await manager.locator('[data-testid="calibration-chart"] canvas').first().screenshot();
    expect(chartAfter.equals(chartBefore)).toBe(false);
    const [adjustment] = await server.engine.query<{ to_band: string; reason: string }>(
      'SELECT * FROM calibration_adjustments WHERE scorecard_id = $1',
      [cardId],
    );
    expect(adjustment).toMatchObject({ reason: FORMULA_REASON });
    expect(Object.values(adjustment ?? {})).toContain(newBand);
    await manager.getByTestId('calibration-table').getByText(FORMULA_REASON).first().waitFor();
    await screenshot(manager, 'calibration-adjusted');
  });

  it('the manager adds an improvement plan item and sets its status', async () => {
    const [card] = await server.engine.query<{ id: string }>(
      `SELECT s.id FROM scorecards s JOIN users u ON u.person_id = s.subject_id
       WHERE u.username = 'member' AND s.period_id = $1`,
      [period],
    );
    expect(card).toBeDefined();
    await manager.goto(`${server.url}/reviews/${card?.id}`);
    await manager.getByTestId('plan-form').waitFor();
    const action = '每周复盘百度SEM否词，降低无效点击（E2E）';
    await manager.getByTestId('plan-action').fill(action);
    await manager.getByTestId('plan-add').click();
    await manager.getByTestId('plan-list').getByText(action).waitFor();
    const [item] = await server.engine.query<{ id: string; status: string }>(
      'SELECT id, status FROM review_plans WHERE action = $1',
      [action],
    );
    expect(item?.status).toBe('open');
    await choose(manager, manager.getByTestId(`plan-status-${item?.id}`), '已完成');
    await expect
      .poll(
        async () => (await server.engine.query('SELECT status FROM review_plans WHERE id = $1', [item?.id]))[0],
        POLL,
      )
      .toEqual({ status: 'done' });
    await screenshot(manager, 'review-plan');
  });

  it('the manager scores the qualitative items of a report 1–5', async () => {
    const [card] = await server.engine.query<{ id: string }>(
      `SELECT s.id FROM scorecards s JOIN users u ON u.person_id = s.subject_id
       WHERE u.username = 'member' AND s.period_id = $1`,
      [period],
    );
    await manager.goto(`${server.url}/scorecards/${card?.id}`);
    const panel = manager.getByTestId('manager-assessment');
    await panel.waitFor();
    const rates = panel.locator('[data-testid^="assess-"]');
    const n = await rates.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await rates.nth(i).locator('li [role="radio"]').nth(3).click();
    await manager.getByTestId('assessment-save').click();
    await manager.getByText('上级评价已保存').first().waitFor();
    const [stored] = await server.engine.query<{ scores: string; assessor_id: string }>(
      'SELECT scores FROM manager_assessments WHERE scorecard_id = $1',
      [card?.id],
    );
    const scores = Object.values(JSON.parse(stored?.scores ?? '{}'));
    expect(scores).toHaveLength(n);
    for (const score of scores) expect(score).toBe(4);
    await screenshot(manager, 'manager-assessment');
  });

  let admin: Page;

  it('an admin creates a user and disables it', async () => {
    admin = await newPage();
    await loginAs(admin, server.url, 'admin', 'yardstick-admin');
    await admin.goto(`${server.url}/settings`);
    await admin.getByRole('tab', { name: '用户与角色' }).click();
    await admin.getByTestId('users-table').waitFor();
    const [person] = await server.engine.query<{ person_id: string; name: string }>(
      'SELECT person_id, name FROM people ORDER BY person_id DESC LIMIT 1',
    );
    await admin.getByTestId('add-user').click();
    const modal = admin.locator('.ant-modal:visible');
    await modal.getByTestId('user-username').fill('e2e_new');
    await modal.getByTestId('user-password').fill('e2e-password-1');
    await choose(admin, modal.getByTestId('user-person'), `${person?.name} (${person?.person_id})`);
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await field(admin, 'user-search').fill('e2e_new');
    await field(admin, 'user-search').press('Enter');
    const row = admin.getByTestId('users-table').locator('tr', { hasText: 'e2e_new' });
    await row.waitFor();
    expect(await row.innerText()).toContain(person?.person_id ?? '?');
    await admin.getByTestId('toggle-user-e2e_new').click();
    await row.getByText('已停用').waitFor();
    const [account] = await server.engine.query<{ role: string; person_id: string; disabled: boolean }>(
      "SELECT role, person_id, disabled FROM users WHERE username = 'e2e_new'",
    );
    expect(account).toEqual({ role: 'member', person_id: person?.person_id, disabled: true });
    await screenshot(admin, 'settings-users');
    // an API token: created (shown once), listed without its secret, revoked
    await admin.getByTestId('token-e2e_new').click();
    const tokens = admin.locator('.ant-modal:visible');
    await tokens.getByTestId('token-list').waitFor();
    await tokens.locator('input#name').fill('nightly import');
    await tokens.locator('.ant-modal-footer .ant-btn-primary').click();
    const secret = (await tokens.getByTestId('token-value').innerText()).trim();
    expect(secret).toMatch(/^ys_/);
    await tokens.locator('.ant-modal-footer .ant-btn-primary').click();
    await tokens.waitFor({ state: 'hidden' });
    await admin.getByTestId('token-e2e_new').click();
    const listed = admin
      .locator('.ant-modal:visible')
      .getByTestId('token-list')
      .locator('tr', { hasText: 'nightly import' });
    await listed.waitFor();
    expect(await admin.locator('.ant-modal:visible').innerText()).not.toContain(secret);
    await listed.getByRole('button').click();
    await confirmPop(admin);
    await listed.getByText('已吊销').waitFor();
    const [revoked] = await server.engine.query<{ n: number }>(
      "SELECT count(*)::INT AS n FROM api_tokens WHERE name = 'nightly import' AND revoked_at IS NOT NULL",
    );
    expect(revoked?.n).toBe(1);
    await admin.keyboard.press('Escape');
  });

  it('an admin sees bonuses with HR recommendations and downloads the payroll XLSX', async () => {
    await admin.goto(`${server.url}/team`);
    await admin.getByRole('tab', { name: '奖金与建议' }).click();
    const table = admin.getByTestId('incentives-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), POLL).toBeGreaterThan(0);
    expect(await table.innerText()).toMatch(/\d+\.\d{2}/);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('payroll-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`incentives-${period}.xlsx`);
    const file = path.join(downloads, 'payroll.xlsx');
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets[0]?.rowCount).toBeGreaterThan(1);
    await screenshot(admin, 'team-incentives');
    await admin.goto(`${server.url}/settings`);
  });

  it('the audit log filters by entity and actor, and exports an XLSX with formula-looking text escaped', async () => {
    await admin.getByRole('tab', { name: '审计日志' }).click();
    const table = admin.getByTestId('audit-table');
    await table.waitFor();
    await field(admin, 'audit-entity').fill('user');
    const entities = () => table.locator('tbody tr.ant-table-row td:nth-child(3)').allInnerTexts();
    await expect
      .poll(async () => [...new Set((await entities()).map((e) => e.trim().split(' ')[0]))], POLL)
      .toEqual(['user']);
    expect(await table.innerText()).toContain('e2e_new');
    await field(admin, 'audit-entity').fill('scorecard');
    await field(admin, 'audit-actor').fill('manager');
    await field(admin, 'audit-actor').press('Enter');
    const actors = () => table.locator('tbody tr.ant-table-row td:nth-child(2)').allInnerTexts();
    // Only the manager's entries remain once the actor filter applies (the demo has other actors' calibrations).
    await expect.poll(async () => [...new Set((await actors()).map((a) => a.trim()))], POLL).toEqual(['manager']);
    expect(await table.innerText()).toContain('calibrate_band');
    await screenshot(admin, 'settings-audit');

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toBe('audit.xlsx');
    const file = path.join(downloads, 'audit.xlsx');
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error('the export has no sheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['时间', '操作人', '对象', 'id', '动作', 'before', 'after', '原因']);
    const reasons: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) reasons.push(row.getCell(8).value);
    });
    expect(reasons).toContain(`'${FORMULA_REASON}`);
    expect(reasons).not.toContain(FORMULA_REASON);
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      }),
    );
  });

  let analyst: Page;

  it('an analyst adds a channel rule and sees it listed', async () => {
    analyst = await newPage();
    await loginAs(analyst, server.url, 'analyst', 'yardstick-analyst');
    await analyst.goto(`${server.url}/settings`);
    await analyst.getByRole('tab', { name: '渠道规则' }).click();
    const form = analyst.getByTestId('channel-rule-form');
    await form.waitFor();
    await form.locator('#channel').fill('小红书种草E2E');
    await form.locator('#source_pattern').fill('^(xhs|xiaohongshu)$');
    await form.locator('#aliases').fill('红书, XHS');
    await analyst.getByTestId('create-rule').click();
    const rules = analyst.getByTestId('channel-rules');
    await rules.getByText('小红书种草E2E').waitFor();
    expect(await rules.innerText()).toContain('^(xhs|xiaohongshu)$');
    const stored = await server.engine.query("SELECT created_by FROM channel_rules WHERE channel = '小红书种草E2E'");
    expect(stored).toEqual([{ created_by: 'analyst' }]);
    await screenshot(analyst, 'settings-channel-rules');
  });

  it('the data page: quality panel, a GBK file previewed with its Chinese headers, the job listed', async () => {
    await analyst.goto(`${server.url}/data`);
    const quality = analyst.getByTestId('data-quality');
    await quality.getByText('机器人流量占比').waitFor();
    await expect.poll(() => quality.innerText(), POLL).toMatch(/\d+(\.\d+)?%/);
    expect(await quality.innerText()).toContain('缺少数据源的指标');

    await choose(analyst, analyst.getByTestId('import-format'), '线索');
    const gbk = iconv.encode(
      '线索ID,创建时间,渠道,负责人,备注\nGBK1,2026-11-01 10:00:00,百度SEM,p01,首次咨询\n',
      'gbk',
    );
    await analyst
      .getByTestId('upload-card')
      .locator('input[type=file]')
      .setInputFiles({ name: '线索-gbk.csv', mimeType: 'text/csv', buffer: gbk });
    const preview = analyst.getByTestId('import-preview');
    await preview.waitFor();
    expect(await analyst.getByTestId('preview-encoding').innerText()).toContain('GBK');
    // (antd may render the header row twice for its sticky/scroll layout)
    const headers = [...new Set(await preview.getByTestId('preview-header').allInnerTexts())];
    expect(headers).toEqual(['线索ID', '创建时间', '渠道', '负责人', '备注']);
    const text = await preview.innerText();
    for (const column of ['lead_id', 'created_at', 'channel', 'owner_id']) expect(text).toContain(column);
    expect(text).toContain('首次咨询');
    await analyst.getByTestId('import-dry-run').click();
    await analyst.getByTestId('import-outcome').getByText('预检通过').waitFor();
    await analyst.getByTestId('import-jobs').getByText('线索-gbk.csv').first().waitFor();
    await screenshot(analyst, 'data-preview-gbk');
  });

  it('a member is told which row is not theirs when importing someone else’s spend', async () => {
    const member = await newPage();
    await loginAs(member, server.url, 'member', 'yardstick-member');
    await member.goto(`${server.url}/data`);
    await member.getByTestId('member-import-hint').waitFor();
    await choose(member, member.getByTestId('import-format'), '投放花费');
    await member
      .getByTestId('upload-card')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'spend-others.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('date,amount,channel,owner_id\n2026-11-01,10.00,百度SEM,someone-else\n'),
      });
    await member.getByTestId('import-preview').waitFor();
    await member.getByTestId('import-run').click();
    const outcome = member.getByTestId('import-outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toMatch(/spend-others\.csv row 2 column owner_id: "someone-else" is not you/);
    await screenshot(member, 'data-member-refused');
  });

  it('quarterly recalibration: a manager proposes a weight change, compares; an admin is told why approve fails, rejects', async () => {
    await manager.goto(`${server.url}/settings?tab=recalibration`);
    await manager.getByTestId('recal-new').click();
    await choose(manager, manager.getByTestId('recal-template'), 'B2B 业务考核模板');
    // The form starts from the period's b2b scorecards (CLV 80 + qualitative 20): move 10 points to the manager's view.
    await field(manager, 'recal-weight-clv').fill('70');
    await expect.poll(() => manager.getByTestId('recal-total').innerText(), POLL).toContain('90');
    await field(manager, 'recal-weight-manager').fill('18');
    await expect.poll(() => manager.getByTestId('recal-total').innerText(), POLL).toBe('权重合计: 100');
    await manager.getByTestId('recal-reason').fill('MQL 质量提升，下季度加大权重');
    await manager.getByTestId('recal-submit').click();
    await manager.getByTestId('recal-open-b2b').waitFor();
    const [stored] = await server.engine.query<{ id: string; proposal: string; proposed_by: string }>(
      "SELECT id, proposal, proposed_by FROM recalibrations WHERE template_id = 'b2b'",
    );
    expect(stored?.proposed_by).toBe('manager');
    expect(JSON.parse(String(stored?.proposal)).weights).toEqual({ clv: 70, manager: 18 });
    await manager.getByTestId('recal-open-b2b').click();
    const compare = manager.getByTestId('recal-compare');
    await compare.waitFor();
    expect(await compare.innerText()).toMatch(/clv\s+80\s+80\s+70/);
    expect(await compare.innerText()).toContain('上季度');
    // Managers propose; only admins decide.
    expect(await manager.getByTestId('recal-approve').count()).toBe(0);
    await screenshot(manager, 'settings-recalibration');

    const admin = await newPage();
    await loginAs(admin, server.url, 'admin', 'yardstick-admin');
    await admin.goto(`${server.url}/settings?tab=recalibration`);
    await admin.getByTestId('recal-open-b2b').click();
    await admin.getByTestId('recal-compare').waitFor();
    // The period is in calibration (first test): approving is refused with the reason.
    await admin.getByTestId('recal-approve').click();
    await confirmPop(admin);
    await admin.getByText('weights are frozen').first().waitFor();
    await admin.getByTestId('recal-reject').click();
    await confirmPop(admin);
    await expect.poll(() => admin.getByTestId('recal-status').innerText(), POLL).toBe('已驳回');
    const [decided] = await server.engine.query('SELECT status, decided_by FROM recalibrations WHERE id = $1', [
      stored?.id,
    ]);
    expect(decided).toEqual({ status: 'rejected', decided_by: 'admin' });
  });

  it('HR reads raw 360° answers with reviewer names and edits a person; a manager has neither; joint KPIs on the team page', async () => {
    const hr = await newPage();
    await loginAs(hr, server.url, 'hr', 'yardstick-hr');
    await hr.goto(`${server.url}/settings?tab=raw360`);
    const table = hr.getByTestId('raw360-table');
    await table.waitFor();
    const [answer] = await server.engine.query<{ subject: string; reviewer: string }>(
      `SELECT s.name AS subject, v.name AS reviewer FROM feedback_requests r
       JOIN feedback_responses f ON f.request_id = r.id
       JOIN people s ON s.person_id = r.subject_person_id JOIN people v ON v.person_id = r.reviewer_person_id
       WHERE r.period_id = $1 ORDER BY r.id LIMIT 1`,
      [period],
    );
    expect(answer).toBeDefined();
    await hr
      .getByTestId('raw360-search')
      .locator('input')
      .fill(answer?.subject ?? '');
    await hr.getByTestId('raw360-search').locator('input').press('Enter');
    await expect.poll(() => table.innerText(), POLL).toContain(answer?.reviewer ?? '?');
    await screenshot(hr, 'settings-raw-360');

    await hr.getByRole('tab', { name: '组织与人员' }).click();
    await hr.getByTestId('person-edit-p05').click();
    await field(hr, 'person-title').fill('高级B2B营销经理');
    await hr.getByTestId('person-save').click();
    await hr.getByTestId('people-table').getByText('高级B2B营销经理').waitFor();
    const [person] = await server.engine.query("SELECT title FROM people WHERE person_id = 'p05'");
    expect(person).toEqual({ title: '高级B2B营销经理' });

    await manager.goto(`${server.url}/settings`);
    await manager.getByRole('tab', { name: '季度校准' }).waitFor();
    expect(await manager.getByRole('tab', { name: '360° 原始答卷' }).count()).toBe(0);
    const status = await manager.evaluate(() => fetch('/api/feedback/raw').then((r) => r.status));
    expect(status).toBe(403);

    // Joint KPIs (marketing × sales credit shares) on the team page; HR sees every card.
    const [joint] = await server.engine.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM scorecards WHERE period_id = $1 AND items LIKE '%"joint":{%'`,
      [period],
    );
    await hr.goto(`${server.url}/team`);
    await hr.getByRole('tab', { name: '联合KPI' }).click();
    if (joint?.n) await hr.getByTestId('joint-kpis').getByText('50%').first().waitFor();
    else await hr.getByText('本期没有跨部门联合KPI').waitFor();
    await screenshot(hr, 'team-joint-kpis');
  });
});
