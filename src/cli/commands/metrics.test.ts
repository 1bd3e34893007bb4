import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/index.js';
import { loadFixture } from '../../warehouse/metrics/fixture.js';
import { type CliIo, runCli } from '../run.js';

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'yardstick-metrics-'));
  db = path.join(dir, 'test.duckdb');
  const engine = await openWarehouse(db);
  await loadFixture(engine);
  await engine.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('yardstick metrics', () => {
  it('prints one JSON array with one key per --by dimension', async () => {
    const r = await cli(
      'metrics',
      '--db',
      db,
      '--period',
      '2026-Q1',
      '--kpi',
      'leads,mql_count',
      '--by',
      'channel',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const cells = JSON.parse(r.out) as Record<string, unknown>[];
    expect(cells).toContainEqual({
      kpi: 'leads',
      period: '2026-Q1',
      value: 3,
      unit: 'count',
      quality: 'exact',
      channel: '抖音',
      version: 'v1',
      previous: 0,
      growth: null,
    });
    for (const c of cells)
      expect(Object.keys(c).slice(0, 6)).toEqual(['kpi', 'period', 'value', 'unit', 'quality', 'channel']);
  });

  it('recomputes under another version and filters by scope', async () => {
    const r = await cli(
      'metrics',
      '--db',
      db,
      '--period',
      '2026-Q1',
      '--kpi',
      'mql_count',
      '--version',
      '2026-04-01',
      '--scope',
      'owner=p01',
      '--format',
      'json',
    );
    expect(JSON.parse(r.out)).toEqual([expect.objectContaining({ kpi: 'mql_count', value: 1, version: 'v2' })]);
  });

  it('credits attributed revenue by --attribution and names the model on each value', async () => {
    const args = ['metrics', '--db', db, '--period', '2026-Q1', '--kpi', 'channel_roi', '--by', 'channel'];
    const byModel = async (...extra: string[]) =>
      JSON.parse((await cli(...args, ...extra, '--format', 'json')).out) as Record<string, unknown>[];
    expect((await byModel()).every((c) => c.attribution_model === 'order_channel')).toBe(true);
    const linear = await byModel('--attribution', 'linear_touch');
    expect(linear.length).toBeGreaterThan(0);
    expect(linear.every((c) => c.attribution_model === 'linear')).toBe(true);
    const table = await cli(...args, '--attribution', 'last_touch');
    expect(table.out).toMatch(/attribution_model/);
    expect(table.out).toMatch(/last_touch/);
  });

  it('explain names the attribution model it was asked for', async () => {
    const args = ['explain', '--db', db, '--period', '2026-Q1', '--kpi', 'roi'];
    const json = async (...extra: string[]) =>
      JSON.parse((await cli(...args, ...extra, '--format', 'json')).out) as Record<string, unknown>;
    expect((await json()).attribution_model).toBe('order_channel');
    expect((await json('--attribution', 'first_touch')).attribution_model).toBe('first_touch');
    expect((await cli(...args, '--attribution', 'markov')).out).toMatch(/^attribution: markov$/m);
    const bad = await cli(...args, '--attribution', 'magic');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--attribution: unknown attribution model "magic"/);
  });

  it('renders a table and CSV', async () => {
    const table = await cli('metrics', '--db', db, '--period', '2026-Q1', '--kpi', 'spend', '--by', 'channel');
    expect(table.out).toMatch(/百度SEM\s+100\.1/);
    const csv = await cli('metrics', '--db', db, '--period', '2026-Q1', '--kpi', 'spend', '--format', 'csv');
    expect(csv.out.split('\n')[1]).toMatch(/^spend,2026-Q1,100\.4,currency,exact/);
  });

  it.each([
    [['--period', '2026-Q5'], /--period: invalid period "2026-Q5"/],
    [
      ['--period', '2026-Q1', '--kpi', 'weather'],
      /--kpi: unknown KPI "weather" \(known: uv, sessions, .*doc_completeness\)/,
    ],
    [['--period', '2026-Q1', '--kpi', 'cost_per_lead'], /unknown KPI "cost_per_lead" \(did you mean cpl: /],
    [['--period', '2026-Q1', '--by', 'planet'], /--by: unknown dimension "planet"/],
    [['--period', '2026-Q1', '--scope', 'channel'], /--scope: expected dimension=value, got "channel"/],
    [['--period', '2026-Q1', '--scope', 'color=red'], /--scope: unknown dimension "color"/],
    [['--period', '2026-Q1', '--version', 'v2'], /--version: expected a date/],
    [['--period', '2026-Q1', '--attribution', 'magic'], /--attribution: unknown attribution model "magic"/],
    [[], /--period is required/],
  ])('rejects %j with one line naming the flag', async (args, message) => {
    const r = await cli('metrics', '--db', db, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('yardstick explain', () => {
  it('prints lineage as JSON', async () => {
    const r = await cli('explain', '--db', db, '--period', '2026-Q1', '--kpi', 'cpl', '--format', 'json');
    expect(r.code).toBe(0);
    const lineage = JSON.parse(r.out);
    expect(lineage).toMatchObject({ kpi: 'cpl', formula: 'spend / leads', version: 'v1' });
    expect(lineage.measures.spend.source_row_ids).toEqual(['sp1', 'sp2', 'sp3']);
  });

  it('prints readable lineage with the SQL', async () => {
    const r = await cli('explain', '--db', db, '--period', '2026-Q1', '--kpi', 'nps', '--scope', 'channel=抖音');
    expect(r.out).toContain('formula: (nps_promoters - nps_detractors) / nps_responses * 100');
    expect(r.out).toMatch(/nps_promoters\s+2\s+surveys\s+rows\s+r1 r2/);
    expect(r.out).toContain('SELECT');
  });
});
