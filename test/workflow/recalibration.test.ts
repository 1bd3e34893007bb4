import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src/app/audit/index.js';
import { createPeriod, transitionPeriod } from '../../src/app/periods/index.js';
import { compareRecalibration, decideRecalibration, proposeRecalibration } from '../../src/app/recalibration/index.js';
import { createScorecard, loadScorecard, updateScorecardItems } from '../../src/app/scorecards/index.js';
import type { Engine } from '../../src/warehouse/engine.js';
import { ADMIN, addLeads, addOrders, LINA, MANAGER, openWorkflowDb, TEST_ITEMS } from './fixtures.js';

let engine: Engine;
const cards: Record<string, string> = {};

beforeAll(async () => {
  engine = await openWorkflowDb();
  await addOrders(engine, 'p02', ['90000.00']);
  await addLeads(engine, 'p02', 40);
  for (const q of ['2026-Q1', '2026-Q2']) {
    await createPeriod(engine, ADMIN, q);
    const { card } = await createScorecard(engine, MANAGER, {
      person_id: 'p02',
      period: q,
      template_id: 'ecommerce_ops',
    });
    await updateScorecardItems(engine, MANAGER, card.id, TEST_ITEMS);
    cards[q] = card.id;
  }
  for (const to of ['targets_approved', 'in_progress', 'review', 'calibration', 'locked'])
    await transitionPeriod(engine, ADMIN, '2026-Q1', to);
});

afterAll(async () => {
  await engine.close();
});

describe('quarterly recalibration', () => {
  it('proposes new weights, compares with last quarter, and applies them on approval (audited)', async () => {
    await expect(
      proposeRecalibration(engine, LINA, { period: '2026-Q2', template_id: 'ecommerce_ops', reason: 'x' }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      proposeRecalibration(engine, MANAGER, { period: '2026-Q2', template_id: 'ecommerce_ops' }),
    ).rejects.toThrow(/field reason/);
    const rec = await proposeRecalibration(engine, MANAGER, {
      period: '2026-Q2',
      template_id: 'ecommerce_ops',
      weights: { revenue: 40, leads: 40 },
      reason: '线索质量比销售额更能反映投放效果',
    });
    const cmp = await compareRecalibration(engine, rec.id);
    expect(cmp.previous_period).toBe('2026-Q1');
    const revenue = cmp.items.find((i) => i.item_id === 'revenue');
    // Last quarter: 90000 of a 100000 target = 90% achievement, weight 50 → proposed 40.
    expect(revenue).toMatchObject({ last_weight: 50, proposed_weight: 40, last_mean_achievement: 90 });
    expect(cmp.items.find((i) => i.item_id === 'leads')).toMatchObject({
      last_weight: 30,
      proposed_weight: 40,
      last_mean_achievement: 80,
    });
    await expect(decideRecalibration(engine, MANAGER, rec.id, true)).rejects.toMatchObject({ status: 403 });
    const approved = await decideRecalibration(engine, ADMIN, rec.id, true);
    expect(approved.status).toBe('approved');
    const card = await loadScorecard(engine, cards['2026-Q2'] as string);
    expect(card.items.map((i) => [i.id, i.weight])).toEqual([
      ['revenue', 40],
      ['leads', 40],
      ['feedback_360', 8],
      ['self_report', 4],
      ['manager', 8],
    ]);
    const locked = await loadScorecard(engine, cards['2026-Q1'] as string);
    expect(locked.items.find((i) => i.id === 'revenue')?.weight).toBe(50);
    const audit = await queryAudit(engine, { entity: 'scorecard', entity_id: card.id });
    expect(audit.items[0]).toMatchObject({ action: 'recalibrate', reason: '线索质量比销售额更能反映投放效果' });
    await expect(decideRecalibration(engine, ADMIN, rec.id, false)).rejects.toMatchObject({ status: 409 });
  });

  it('refuses weights that no longer total 100', async () => {
    const rec = await proposeRecalibration(engine, MANAGER, {
      period: '2026-Q2',
      template_id: 'ecommerce_ops',
      weights: { revenue: 60 },
      reason: '试算',
    });
    await expect(decideRecalibration(engine, ADMIN, rec.id, true)).rejects.toThrow(/total 120/);
  });
});
