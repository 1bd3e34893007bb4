import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkflowDemo } from '../../src/app/demo-workflow.js';
import { DEMO_PEOPLE } from '../../src/ingest/demo/index.js';
import { DuckDbEngine } from '../../src/warehouse/duckdb/engine.js';
import type { Engine } from '../../src/warehouse/engine.js';
import { migrate } from '../../src/warehouse/migrations/index.js';

let engine: Engine;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  await migrate(engine);
  await engine.append(
    'people',
    ['row_key', 'person_id', 'name', 'department', 'team', 'title', 'email', 'manager_id', 'role'],
    DEMO_PEOPLE.map((p) => [p.id, p.id, p.name, p.department, p.team, p.title, p.email, p.managerId, p.role]),
  );
  // A little data per month for the SEM specialists and the sales rep, so targets come from real actuals.
  const leads: unknown[][] = [];
  for (let m = 1; m <= 11; m++) {
    for (const [owner, n] of [
      ['p03', 6 + (m % 4)],
      ['p04', 4 + (m % 3)],
      ['p02', 3],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const id = `l-${owner}-${m}-${i}`;
        const day = `2026-${String(m).padStart(2, '0')}-1${i % 9}T03:00:00Z`;
        leads.push([id, id, day, owner, i % 2 ? day : null]);
      }
    }
  }
  await engine.append('leads', ['row_key', 'lead_id', 'created_at', 'owner_id', 'mql_at'], leads);
});

afterAll(async () => {
  await engine?.close();
});

describe('seedWorkflowDemo', { timeout: 180_000 }, () => {
  it('creates three locked quarters and the current one with scorecards, feedback, reviews and calibration', async () => {
    const result = await seedWorkflowDemo(engine, { until: '2026-11-28' });
    expect(result.periods).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    const periods = await engine.query<{ id: string; status: string; n: number }>(
      'SELECT p.id, p.status, count(s.id) AS n FROM periods p LEFT JOIN scorecards s ON s.period_id = p.id GROUP BY ALL ORDER BY 1',
    );
    expect(periods.map((p) => [p.id, p.status, p.n])).toEqual([
      ['2026-Q1', 'locked', 11],
      ['2026-Q2', 'locked', 11],
      ['2026-Q3', 'locked', 11],
      ['2026-Q4', 'in_progress', 11],
    ]);
    const feedback = await engine.query<{ subject: string; n: number }>(
      `SELECT r.subject_person_id AS subject, count(*) AS n FROM feedback_requests r JOIN feedback_responses s ON s.request_id = r.id
       WHERE r.period_id = '2026-Q3' GROUP BY 1`,
    );
    expect(feedback.filter((f) => f.n >= 3).length).toBeGreaterThanOrEqual(7);
    const open = await engine.query<{ n: number }>(
      `SELECT count(*) AS n FROM feedback_requests r LEFT JOIN feedback_responses s ON s.request_id = r.id
       WHERE r.period_id = '2026-Q4' AND s.request_id IS NULL`,
    );
    expect(open[0]?.n).toBeGreaterThan(0);
    // every reviewer of the current quarter has forms left to fill, and some answered
    const reviewers = await engine.query<{ reviewer: string; open: number; answered: number }>(
      `SELECT r.reviewer_person_id AS reviewer, count(*) FILTER (WHERE s.request_id IS NULL) AS open,
         count(s.request_id) AS answered
       FROM feedback_requests r LEFT JOIN feedback_responses s ON s.request_id = r.id
       WHERE r.period_id = '2026-Q4' GROUP BY 1`,
    );
    expect(reviewers.length).toBeGreaterThan(5);
    expect(reviewers.filter((r) => r.open === 0)).toEqual([]);
    expect(reviewers.some((r) => r.answered > 0)).toBe(true);
    for (const table of ['self_reports', 'manager_assessments', 'review_plans']) {
      const [row] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
      expect(row?.n, table).toBe(27);
    }
    const [snapshots] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM score_snapshots');
    expect(snapshots?.n).toBe(33);
    // KPI tree: the SEM specialist's leads roll up to the growth team's card; sales shares the MQL goal.
    const rows = await engine.query<{ subject_id: string; items: string }>(
      "SELECT subject_id, items FROM scorecards WHERE period_id = '2026-Q3' AND subject_id IN ('p02', 'p11')",
    );
    const itemsOf = (id: string) =>
      JSON.parse(rows.find((r) => r.subject_id === id)?.items ?? '[]') as Record<string, unknown>[];
    expect(itemsOf('p02').find((i) => i.kpi === 'mql_count')?.rolls_up_to).toBe('mql_count');
    expect(itemsOf('p11').find((i) => i.kpi === 'mql_count')).toMatchObject({ scope: {}, joint: { share: 0.5 } });
    // SEM targets come from last quarter's leads (× a stretch), so they are real numbers.
    const sem = await engine.query<{ items: string }>(
      "SELECT items FROM scorecards WHERE subject_id = 'p03' AND period_id = '2026-Q3'",
    );
    const leadsItem = (JSON.parse(sem[0]?.items ?? '[]') as { kpi: string; target: { value: number } | null }[]).find(
      (i) => i.kpi === 'leads',
    );
    expect(leadsItem?.target?.value).toBeGreaterThan(0);
    // Seeding again adds nothing.
    expect((await seedWorkflowDemo(engine, { until: '2026-11-28' })).periods).toEqual([]);
  });
});
