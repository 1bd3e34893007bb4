import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeriod } from '../../src/app/periods/index.js';
import { addPlanItem, reviewView } from '../../src/app/reviews/index.js';
import { createScorecard, updateScorecardItems } from '../../src/app/scorecards/index.js';
import { scoreFromDatabase } from '../../src/app/scorecards/score-cli.js';
import { runCli } from '../../src/cli/run.js';
import { openWarehouse } from '../../src/warehouse/index.js';
import { ADMIN, addLeads, addOrders, MANAGER, PEOPLE, TEST_ITEMS } from './fixtures.js';

let dir = '';
let db = '';

function bufferIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ys-wf-cli-'));
  db = path.join(dir, 'y.duckdb');
  const engine = await openWarehouse(db);
  await engine.append(
    'people',
    ['row_key', 'person_id', 'name', 'department', 'team', 'manager_id', 'role'],
    PEOPLE.map((p) => [p.person_id, p.person_id, p.name, p.department, p.team, p.manager_id, p.role]),
  );
  await addOrders(engine, 'p02', ['60000.00']);
  await addLeads(engine, 'p02', 30);
  await createPeriod(engine, ADMIN, '2026-Q1');
  const { card } = await createScorecard(engine, MANAGER, {
    person_id: 'p02',
    period: '2026-Q1',
    template_id: 'ecommerce_ops',
  });
  await updateScorecardItems(engine, MANAGER, card.id, TEST_ITEMS);
  await addPlanItem(engine, MANAGER, card.id, { action: '提升|线索*质量', due_date: '2026-03-20' });
  expect((await reviewView(engine, MANAGER, card.id)).plan).toHaveLength(1);
  await engine.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('yardstick report', () => {
  it('prints a monthly report as JSON with KPIs, standings and open plan items', async () => {
    const { io, out } = bufferIo();
    expect(await runCli(['report', '--db', db, '--period', '2026-02', '--format', 'json'], io)).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report).toMatchObject({ period: '2026-02', kind: 'monthly', assessment_period: '2026-Q1' });
    expect(report.kpis.find((k: { kpi: string }) => k.kpi === 'online_revenue').value).toBe(60000);
    expect(report.people).toEqual([expect.objectContaining({ person_id: 'p02', name: '李娜' })]);
    expect(report.open_plan_items).toEqual([expect.objectContaining({ action: '提升|线索*质量', status: 'open' })]);
  });

  it('renders Markdown with table cells escaped', async () => {
    const { io, out } = bufferIo();
    expect(await runCli(['report', '--db', db, '--period', '2026-W06', '--format', 'md'], io)).toBe(0);
    const md = out.join('\n');
    expect(md).toContain('周报 2026-W06');
    expect(md).toContain('提升\\|线索\\*质量');
  });

  it.each([
    [['report', '--db', 'x', '--period', '2026-Q1'], /not a week .* or a month/],
    [['report', '--db', 'x', '--period', '2026-03', '--kind', 'weekly'], /does not match/],
    [['report', '--db', 'x'], /--period is required/],
    [['report', '--db', 'x', '--period', '2026-03', '--format', 'pdf'], /--format/],
  ])('%j fails with one line', async (argv, message) => {
    const { io, err } = bufferIo();
    const args = (argv as string[]).map((a) => (a === 'x' ? path.join(dir, 'never-created.duckdb') : a));
    expect(await runCli(args, io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
    expect(existsSync(path.join(dir, 'never-created.duckdb'))).toBe(false);
  });
});

describe('score --db (workflow hook)', () => {
  it('scores the stored scorecard of a person from the warehouse', async () => {
    const out: string[] = [];
    expect(await scoreFromDatabase({ db, period: '2026-Q1', person: 'p02' }, 'json', { out: (t) => out.push(t) })).toBe(
      0,
    );
    const view = JSON.parse(out.join('\n'));
    expect(view.items.find((i: { id: string }) => i.id === 'revenue')).toMatchObject({
      actual: 60000,
      achievement: 60,
      points: 60,
    });
    await expect(
      scoreFromDatabase({ db, period: '2026-Q1', person: 'p09' }, 'table', { out: () => {} }),
    ).rejects.toThrow(/--person p09/);
  });
});
