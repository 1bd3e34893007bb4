import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../src/cli/output.js';
import { runCli } from '../src/cli/run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | object): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

const card = file(
  'card.yaml',
  `name_zh: 测试记分卡
period: 2026-Q2
items:
  - kpi: mql_count
    weight: 40
    target: 200
  - kpi: close_rate
    weight: 20
    target: 0.25
    rule: { type: bands, bands: [{ from: 0, to: 80, points: 0 }, { from: 80, to: 100, points: 60, to_points: 100 }] }
  - kpi: clv
    weight: 15
    target: { value: 5000, data_source: 订单表, deadline: 2026-06-30 }
  - id: feedback_360
    kind: qualitative
    weight: 25
`,
);
const actuals = file('actuals.json', { mql_count: 190, close_rate: 0.225, clv: 6000 });
const qualitative = file('q.json', { feedback_360: 4 });

describe('yardstick score (file form)', () => {
  it('prints one JSON document with the explanation of every item', async () => {
    const { code, out, err } = await run(
      'score',
      '--scorecard',
      card,
      '--actuals',
      actuals,
      '--qualitative',
      qualitative,
      '--format',
      'json',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['total', 'quantitative', 'qualitative', 'bonus', 'band', 'items', 'warnings']),
    );
    expect(result.items[0]).toMatchObject({
      kpi: 'mql_count',
      weight: 40,
      target: 200,
      actual: 190,
      achievement: 95,
      rule: 'linear(floor 0%, cap 120%)',
      points: 95,
      contribution: 38,
    });
    expect(result.items[1]).toMatchObject({ kpi: 'close_rate', achievement: 90, points: 80, contribution: 16 });
    expect(result.items[2]).toMatchObject({ kpi: 'clv', achievement: 120, points: 120, contribution: 18 });
    expect(result.items[3]).toMatchObject({ id: 'feedback_360', actual: 4, points: 80, contribution: 20 });
    expect(result.total).toBe(92);
    expect(result.quantitative).toBe(Math.round(((95 * 40 + 80 * 20 + 120 * 15) / 75) * 100) / 100);
    expect(result.qualitative).toBe(80);
    expect(result.band).toBe('B');
    expect(result.warnings).toEqual([]);
  });

  it('scores a template with targets; qualitative is null without scores', async () => {
    const targets = file('targets.json', { mql_count: 200, close_rate: 0.25 });
    const acts = file('acts.json', { mql_count: 190, close_rate: 0.225 });
    const { code, out } = await run(
      'score',
      '--template',
      'b2b',
      '--targets',
      targets,
      '--actuals',
      acts,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.qualitative).toBeNull();
    expect(result.items.find((i: { kpi: string }) => i.kpi === 'mql_count')).toMatchObject({
      target: 200,
      actual: 190,
      achievement: 95,
    });
    expect(result.quantitative).toBe(87.5);
    expect(result.complete).toBe(false);
    expect(result.warnings.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining(['missing_actual', 'target_no_number', 'qualitative_missing', 'target_no_deadline']),
    );
  });

  it('prints an aligned table with Chinese names', async () => {
    const { code, out } = await run('score', '--scorecard', card, '--actuals', actuals, '--qualitative', qualitative);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('测试记分卡');
    const table = lines.slice(2, 8);
    expect(table[0]).toContain('达成率%');
    expect(table[2]).toContain('MQL量');
    const ends = table.slice(2).map((l) => displayWidth(l));
    expect(new Set(ends).size).toBe(1);
    expect(out).toContain('总分 92  评级 B');
  });

  it.each([
    [
      'unknown KPI id',
      ['--scorecard', file('u.yaml', 'items:\n  - kpi: happiness\n    weight: 100\n'), '--actuals', actuals],
      /u\.yaml, field items\[0\]\.kpi: unknown KPI "happiness"/,
    ],
    [
      'weights not 100',
      ['--scorecard', file('w.yaml', 'items:\n  - kpi: leads\n    weight: 90\n'), '--actuals', actuals],
      /w\.yaml, field items\[\]\.weight: weights total 90, must be 100/,
    ],
    [
      'malformed YAML',
      ['--scorecard', file('m.yaml', 'items:\n  - kpi: leads\n   weight: [\n'), '--actuals', actuals],
      /m\.yaml, line 3, column \d+: malformed YAML/,
    ],
    [
      'malformed JSON',
      ['--scorecard', card, '--actuals', file('m.json', '{"mql_count": 1,')],
      /m\.json, line 1: malformed JSON/,
    ],
    [
      'non-numeric actual',
      ['--scorecard', card, '--actuals', file('n.json', { mql_count: 'many' })],
      /n\.json, field mql_count: must be a number or null/,
    ],
    [
      'unknown KPI in actuals',
      ['--scorecard', card, '--actuals', file('k.json', { happiness: 3 })],
      /k\.json, field happiness: unknown KPI "happiness"/,
    ],
    [
      'qualitative out of range',
      ['--scorecard', card, '--actuals', actuals, '--qualitative', file('q6.json', { feedback_360: 6 })],
      /q6\.json, field feedback_360: must be a score from 1 to 5/,
    ],
    ['unknown template', ['--template', 'nope', '--targets', actuals, '--actuals', actuals], /unknown template "nope"/],
    [
      'unknown KPI in targets',
      ['--template', 'b2b', '--targets', file('t.json', { roi: 1 }), '--actuals', actuals],
      /t\.json, field roi: not a KPI of template "b2b"/,
    ],
    ['missing file', ['--scorecard', path.join(dir, 'none.yaml'), '--actuals', actuals], /none\.yaml: file not found/],
    [
      'database form mixed with files',
      ['--db', 'x.duckdb', '--period', '2026-Q1', '--scorecard', card],
      /do not combine them/,
    ],
    ['no actuals', ['--scorecard', card], /--actuals FILE is required/],
  ])('%s → exit 2 with one line', async (_name, args, message) => {
    const { code, out, err } = await run('score', ...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
  });
});

describe('documented examples (docs/examples)', () => {
  const ex = (name: string) => path.join(import.meta.dirname, '../docs/examples', name);
  it('scores card.yaml as docs/scorecard-format.md shows', async () => {
    const { code, out } = await run(
      'score',
      '--scorecard',
      ex('card.yaml'),
      '--actuals',
      ex('actuals.json'),
      '--qualitative',
      ex('qualitative.json'),
      '--bonus',
      ex('bonus.json'),
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({
      total: 99.55,
      quantitative: 98.94,
      qualitative: 82,
      bonus: 4,
      band: 'A',
      warnings: [],
    });
    expect(result.incentive).toMatchObject({ bonus_fen: 1_200_000, commission_fen: 6_000, total_yuan: '12060.00' });
  });
  it('scores the b2b template with targets.json', async () => {
    const { code, out } = await run(
      'score',
      '--template',
      'b2b',
      '--targets',
      ex('targets.json'),
      '--actuals',
      ex('b2b-actuals.json'),
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).items.filter((i: { points: number | null }) => i.points !== null)).toHaveLength(6);
  });
});

describe('yardstick template', () => {
  it('lists templates as a table and as JSON', async () => {
    const table = await run('template', 'list');
    expect(table.code).toBe(0);
    expect(table.out).toContain('电商业务考核模板');
    const json = await run('template', 'list', '--format', 'json');
    expect(JSON.parse(json.out).map((t: { id: string }) => t.id)).toContain('team_lead');
  });

  it('shows one template', async () => {
    const { code, out } = await run('template', 'show', 'b2b', '--format', 'json');
    expect(code).toBe(0);
    const t = JSON.parse(out);
    expect(t.items.reduce((s: number, i: { weight: number }) => s + i.weight, 0)).toBe(100);
    const table = await run('template', 'show', 'ecommerce');
    expect(table.out).toContain('online_revenue');
    expect(table.out).toContain('inverse');
  });

  it.each([
    [['template', 'show', 'nope'], /unknown template "nope"/],
    [['template', 'frobnicate'], /expected "list" or "show <id>"/],
    [['template', 'list', '--format', 'csv'], /--format must be one of table, json/],
  ])('%j fails with one line', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
