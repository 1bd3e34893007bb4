import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src/app/audit/index.js';
import { adjustBand, calibrationView } from '../../src/app/calibration/index.js';
import {
  feedbackRaw,
  feedbackSummary,
  myFeedbackRequests,
  requestFeedback,
  submitFeedback,
} from '../../src/app/feedback/index.js';
import { incentivesCsv, incentivesForPeriod, incentivesXlsx, incentiveTotals } from '../../src/app/incentives/index.js';
import { getPerson } from '../../src/app/org/index.js';
import { createPeriod, getPeriod, transitionPeriod } from '../../src/app/periods/index.js';
import { addPlanItem, reviewView } from '../../src/app/reviews/index.js';
import {
  approveScorecard,
  assessScorecard,
  createScorecard,
  dashboardTargets,
  getScorecard,
  listScorecards,
  updateScorecardItems,
  writeSelfReport,
} from '../../src/app/scorecards/index.js';
import type { Engine } from '../../src/warehouse/engine.js';
import {
  ADMIN,
  addLeads,
  addOrders,
  HR,
  LINA,
  MANAGER,
  openWorkflowDb,
  P04,
  SALES,
  TEST_ITEMS,
  ZHANGWEI,
} from './fixtures.js';

const PERIOD = '2026-Q1';
let engine: Engine;
const cards: Record<string, string> = {};

async function auditCount(): Promise<number> {
  return (await queryAudit(engine, {}, { page: 1, page_size: 1 })).total;
}

async function fill(reviewer: typeof LINA, subject: string, score: number): Promise<void> {
  const form = (await myFeedbackRequests(engine, reviewer, PERIOD)).find((r) => r.subject_person_id === subject);
  if (!form) throw new Error(`no form for ${reviewer.username} about ${subject}`);
  const s = { collaboration: score, professionalism: score, communication: score, results: score, innovation: score };
  await submitFeedback(engine, reviewer, { request_id: form.id, scores: s, comment: `${reviewer.username} 的意见` });
}

beforeAll(async () => {
  engine = await openWorkflowDb();
  // p02: revenue exactly 130000.00 from cents that do not add up in binary floating point; 45 leads.
  await addOrders(engine, 'p02', ['40000.10', '45000.20', '44999.70']);
  await addLeads(engine, 'p02', 45);
  // p03: far below target.
  await addOrders(engine, 'p03', ['50000.00']);
  await addLeads(engine, 'p03', 20);
  // p04: twice the target.
  await addOrders(engine, 'p04', ['199999.99', '0.01']);
  await addLeads(engine, 'p04', 100);
});

afterAll(async () => {
  await engine.close();
});

describe('a whole quarter of assessment', () => {
  it('creates the period and the scorecards from a template, with lint warnings', async () => {
    await createPeriod(engine, MANAGER, PERIOD);
    expect((await getPeriod(engine, PERIOD)).status).toBe('draft');
    await expect(createPeriod(engine, LINA, '2026-Q2')).rejects.toMatchObject({ status: 403 });
    for (const person of ['p02', 'p03', 'p04']) {
      const { card, warnings } = await createScorecard(engine, MANAGER, {
        person_id: person,
        period: PERIOD,
        template_id: 'ecommerce_ops',
        targets: { online_revenue: 100000 },
      });
      cards[person] = card.id;
      expect(card.items.find((i) => i.kpi === 'online_revenue')?.scope).toEqual({ owner: person });
      expect(warnings.some((w) => w.code === 'target_no_number')).toBe(true);
    }
    await expect(
      createScorecard(engine, MANAGER, { person_id: 'p05', period: PERIOD, template_id: 'sem' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      createScorecard(engine, MANAGER, { person_id: 'p02', period: PERIOD, template_id: 'sem' }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('edits items and targets, then the manager approves them', async () => {
    for (const person of ['p02', 'p03', 'p04']) {
      const { card, warnings } = await updateScorecardItems(engine, MANAGER, cards[person] as string, TEST_ITEMS);
      expect(card.items.map((i) => i.id)).toEqual(['revenue', 'leads', 'feedback_360', 'self_report', 'manager']);
      expect(warnings.some((w) => w.code === 'weights_sum')).toBe(false);
      expect(warnings.some((w) => w.code === 'long_term_low')).toBe(true);
    }
    await expect(
      updateScorecardItems(engine, MANAGER, cards.p02 as string, [{ ...TEST_ITEMS[0], weight: 'x' }]),
    ).rejects.toThrow(/field items\.0\.weight/);
    await expect(approveScorecard(engine, LINA, cards.p02 as string)).rejects.toMatchObject({ status: 403 });
    for (const person of ['p02', 'p03', 'p04']) await approveScorecard(engine, MANAGER, cards[person] as string);
    // Dashboard targets: the people's targets add up (a month gets a third of the quarter).
    expect(await dashboardTargets(engine, PERIOD)).toEqual({ online_revenue: 300000, leads: 150 });
    expect(await dashboardTargets(engine, '2026-02')).toEqual({ online_revenue: 100000, leads: 50 });
    await transitionPeriod(engine, MANAGER, PERIOD, 'targets_approved');
    await transitionPeriod(engine, MANAGER, PERIOD, 'in_progress');
  });

  it('shows each member only their own scorecard, with actuals from the metric engine', async () => {
    expect((await listScorecards(engine, LINA, { period: PERIOD })).map((c) => c.person_id)).toEqual(['p02']);
    expect((await listScorecards(engine, MANAGER, { period: PERIOD })).length).toBe(3);
    expect((await listScorecards(engine, SALES, { period: PERIOD })).length).toBe(0);
    await expect(getScorecard(engine, LINA, cards.p03 as string)).rejects.toMatchObject({ status: 403 });
    const view = await getScorecard(engine, LINA, cards.p02 as string);
    const revenue = view.items.find((i) => i.id === 'revenue');
    expect(revenue?.actual).toBe(130000);
    expect(revenue?.achievement).toBe(130);
    expect(revenue?.points).toBe(120);
    expect(view.items.find((i) => i.id === 'leads')?.actual).toBe(45);
  });

  it('collects 360° feedback anonymously: fewer than 3 responses show nothing to the subject', async () => {
    await requestFeedback(engine, MANAGER, {
      period: PERIOD,
      subject_person_id: 'p02',
      reviewers: [
        { person_id: 'p03', relation: 'peer' },
        { person_id: 'p04', relation: 'peer' },
        { person_id: 'p05', relation: 'cross_dept' },
      ],
    });
    await requestFeedback(engine, MANAGER, {
      period: PERIOD,
      subject_person_id: 'p03',
      reviewers: [
        { person_id: 'p02', relation: 'peer' },
        { person_id: 'p05', relation: 'cross_dept' },
      ],
    });
    await requestFeedback(engine, MANAGER, {
      period: PERIOD,
      subject_person_id: 'p04',
      reviewers: [
        { person_id: 'p02', relation: 'peer' },
        { person_id: 'p03', relation: 'peer' },
        { person_id: 'p05', relation: 'cross_dept' },
      ],
    });
    await transitionPeriod(engine, MANAGER, PERIOD, 'review');
    await fill(ZHANGWEI, 'p02', 4);
    await fill(P04, 'p02', 4);
    await fill(SALES, 'p02', 4);
    await fill(LINA, 'p03', 3);
    await fill(SALES, 'p03', 3);
    await fill(LINA, 'p04', 5);
    await fill(ZHANGWEI, 'p04', 5);
    await fill(SALES, 'p04', 5);
    await expect(fill(SALES, 'p04', 5)).rejects.toThrow(/no form/);
    // an invited reviewer from another department sees the people they review, and nobody else
    expect((await getPerson(engine, SALES, 'p02')).name).toBe('李娜');
    await expect(getPerson(engine, SALES, 'p01')).rejects.toMatchObject({ status: 403 });
    await expect(feedbackSummary(engine, SALES, 'p02', PERIOD)).rejects.toMatchObject({ status: 403 });

    const hidden = await feedbackSummary(engine, ZHANGWEI, 'p03', PERIOD);
    expect(hidden).toEqual({ person_id: 'p03', period: PERIOD, count: 2, requested: 2, shown: false });
    const shown = await feedbackSummary(engine, LINA, 'p02', PERIOD);
    expect(shown).toMatchObject({ count: 3, shown: true, average: 4 });
    expect(JSON.stringify(shown)).not.toMatch(/p03|p04|p05|意见/);
    expect((await feedbackSummary(engine, MANAGER, 'p03', PERIOD)).shown).toBe(true);
    await expect(feedbackSummary(engine, LINA, 'p03', PERIOD)).rejects.toMatchObject({ status: 403 });
    await expect(feedbackRaw(engine, MANAGER, { period: PERIOD })).rejects.toMatchObject({ status: 403 });
    expect((await feedbackRaw(engine, HR, { person_id: 'p02' })).map((r) => r.reviewer_person_id).sort()).toEqual([
      'p03',
      'p04',
      'p05',
    ]);
  });

  it('takes the self-report (sanitised) and the manager assessment', async () => {
    const report = await writeSelfReport(engine, LINA, cards.p02 as string, {
      content: '<p>本季度完成<b>销售额</b>目标</p><script>alert(1)</script>',
      attachments: [{ name: '复盘.pdf', url: 'https://example.com/r.pdf' }],
    });
    expect(report.content).toBe('<p>本季度完成<b>销售额</b>目标</p>');
    await expect(writeSelfReport(engine, ZHANGWEI, cards.p02 as string, { content: 'x' })).rejects.toMatchObject({
      status: 403,
    });
    await assessScorecard(engine, MANAGER, cards.p02 as string, {
      scores: { self_report: 4, manager: 5 },
      comment: '表现良好',
    });
    await assessScorecard(engine, MANAGER, cards.p03 as string, { scores: { self_report: 3, manager: 3 } });
    await assessScorecard(engine, MANAGER, cards.p04 as string, { scores: { self_report: 5, manager: 5 } });
    await expect(
      assessScorecard(engine, MANAGER, cards.p02 as string, { scores: { revenue: 5 } }),
    ).rejects.toMatchObject({
      status: 422,
    });
    const view = await getScorecard(engine, MANAGER, cards.p02 as string);
    // 120×0.5 + 90×0.3 + 80×0.08 + 80×0.04 + 100×0.08 = 104.6
    expect(view.total).toBe(104.6);
    expect(view.band).toBe('A');
    const weak = await getScorecard(engine, MANAGER, cards.p03 as string);
    expect(weak.total).toBe(12);
    expect(weak.band).toBe('D');
    expect((await getScorecard(engine, MANAGER, cards.p04 as string)).band).toBe('S');
  });

  it('holds a review meeting with gaps and an improvement plan', async () => {
    const review = await reviewView(engine, MANAGER, cards.p03 as string);
    const revenue = review.gaps.find((g) => g.kpi === 'online_revenue');
    expect(revenue).toMatchObject({ target: 100000, actual: 50000, gap: -50000 });
    const plan = await addPlanItem(engine, MANAGER, cards.p03 as string, {
      action: '优化百度SEM关键词出价',
      due_date: '2026-05-15',
    });
    expect(plan).toMatchObject({ owner_id: 'p03', status: 'open', follow_up_period: '2026-Q2' });
    expect((await reviewView(engine, ZHANGWEI, cards.p03 as string)).plan).toHaveLength(1);
  });

  it('calibrates: the guidance warns about too many S, a band change needs a reason and is audited', async () => {
    await transitionPeriod(engine, MANAGER, PERIOD, 'calibration');
    const view = await calibrationView(engine, HR, { period: PERIOD });
    expect(view.distribution).toMatchObject({ S: 1, A: 1, D: 1 });
    expect(view.warnings.map((w) => w.band)).toEqual(['S']);
    expect(view.by_team).toEqual([
      expect.objectContaining({ team: '内容团队', distribution: expect.objectContaining({ S: 1 }) }),
      expect.objectContaining({ team: '增长团队', distribution: expect.objectContaining({ A: 1, D: 1 }) }),
    ]);
    await expect(
      adjustBand(engine, HR, { scorecard_id: cards.p04 as string, band: 'A', reason: ' ' }),
    ).rejects.toMatchObject({ status: 422 });
    await adjustBand(engine, HR, { scorecard_id: cards.p04 as string, band: 'A', reason: '团队内 S 档超出指导比例' });
    const after = await calibrationView(engine, HR, { period: PERIOD });
    expect(after.warnings).toEqual([]);
    const audit = await queryAudit(engine, { entity: 'scorecard', entity_id: cards.p04 as string });
    expect(audit.items[0]).toMatchObject({ action: 'calibrate_band', reason: '团队内 S 档超出指导比例' });
  });

  it('computes incentives in exact fen and exports them safely', async () => {
    const rows = await incentivesForPeriod(engine, HR, PERIOD);
    const by = Object.fromEntries(rows.map((r) => [r.person_id, r]));
    // A: 20000 × 1.2 = 24000.00; commission (130000.00 − 100000) × 0.005 = 150.00
    expect(by.p02).toMatchObject({ band: 'A', bonus_fen: 2_400_000, commission_fen: 15_000, total_fen: 2_415_000 });
    expect(by.p03).toMatchObject({ band: 'D', bonus_fen: 0, commission_fen: 0, total_fen: 0 });
    // S calibrated to A: 24000.00 + (200000.00 − 100000) × 0.005 = 24500.00
    expect(by.p04).toMatchObject({ band: 'A', bonus_fen: 2_400_000, commission_fen: 50_000, total_fen: 2_450_000 });
    expect(incentiveTotals(rows)).toMatchObject({ total_fen: 4_865_000n, total_yuan: '48650.00' });
    const csv = incentivesCsv(rows);
    expect(csv).toContain("'=cmd()");
    expect(csv).not.toMatch(/(^|,)=cmd/m);
    expect(csv).toContain('48650.00');
    const xlsx = await incentivesXlsx(rows, PERIOD);
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    await expect(incentivesForPeriod(engine, LINA, PERIOD)).rejects.toMatchObject({ status: 403 });
  });

  it('locks the period: writes fail with 409 and change nothing, results stay put when data changes', async () => {
    await transitionPeriod(engine, MANAGER, PERIOD, 'locked');
    const before = await getScorecard(engine, MANAGER, cards.p02 as string);
    const audits = await auditCount();
    const attempts = [
      updateScorecardItems(engine, MANAGER, cards.p02 as string, TEST_ITEMS),
      assessScorecard(engine, MANAGER, cards.p02 as string, { scores: { manager: 1 } }),
      writeSelfReport(engine, LINA, cards.p02 as string, { content: '改写' }),
      adjustBand(engine, HR, { scorecard_id: cards.p02 as string, band: 'S', reason: '想改' }),
      addPlanItem(engine, MANAGER, cards.p02 as string, { action: 'x' }),
      requestFeedback(engine, MANAGER, {
        period: PERIOD,
        subject_person_id: 'p02',
        reviewers: [{ person_id: 'p01', relation: 'manager' }],
      }),
    ];
    // all attempts are in flight at once: attach every expectation before awaiting any of them
    await Promise.all(attempts.map((attempt) => expect(attempt).rejects.toMatchObject({ status: 409 })));
    await addOrders(engine, 'p02', ['99999.00']);
    const after = await getScorecard(engine, MANAGER, cards.p02 as string);
    expect(after.total).toBe(before.total);
    expect(after.items).toEqual(before.items);
    expect(await auditCount()).toBe(audits);
  });

  it('reopens only by an admin with a reason, audited', async () => {
    await expect(transitionPeriod(engine, MANAGER, PERIOD, 'calibration', '复核')).rejects.toMatchObject({
      status: 403,
    });
    await expect(transitionPeriod(engine, ADMIN, PERIOD, 'calibration')).rejects.toMatchObject({ status: 422 });
    const reopened = await transitionPeriod(engine, ADMIN, PERIOD, 'calibration', '发现订单数据漏导');
    expect(reopened.status).toBe('calibration');
    const entry = (await queryAudit(engine, { entity: 'period', entity_id: PERIOD })).items[0];
    expect(entry).toMatchObject({ action: 'reopen', actor: 'admin', reason: '发现订单数据漏导' });
    expect(entry?.before).toMatchObject({ status: 'locked' });
  });

  it('left an audit trail for every kind of change', async () => {
    const all = await queryAudit(engine, {}, { page: 1, page_size: 500 });
    const kinds = new Set(all.items.map((e) => `${e.entity}:${e.action}`));
    for (const k of [
      'period:create',
      'period:transition',
      'period:reopen',
      'scorecard:create',
      'scorecard:update_items',
      'scorecard:approve',
      'scorecard:manager_assessment',
      'scorecard:calibrate_band',
      'self_report:write',
      'feedback:submit',
      'feedback_request:create',
      'review_plan:create',
    ]) {
      expect(kinds, k).toContain(k);
    }
    // The audit names who submitted feedback (for HR) but never the answers.
    const feedback = all.items.filter((e) => e.entity === 'feedback');
    expect(JSON.stringify(feedback.map((e) => e.after))).not.toMatch(/意见|collaboration/);
  });
});
