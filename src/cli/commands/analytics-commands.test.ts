import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnalyticsWarehouse } from '../../../test/fixtures/analytics/warehouse.js';
import { DuckDbEngine } from '../../warehouse/duckdb/engine.js';
import { migrate } from '../../warehouse/migrations/index.js';
import { runCli } from '../run.js';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/analytics');
const cdnow = path.resolve(import.meta.dirname, '../../../data/reference/CDNOW_sample.txt');
let dir: string;
let db: string;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (t) => {
      out += `${t}\n`;
    },
    err: (t) => {
      err += `${t}\n`;
    },
  });
  return { code, out, err };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'yardstick-analytics-'));
  db = path.join(dir, 'test.duckdb');
  const engine = await DuckDbEngine.open(db);
  await migrate(engine);
  await seedAnalyticsWarehouse(engine);
  await engine.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('yardstick attribution', () => {
  it('prints Markov credit for the reference paths as JSON', async () => {
    const r = await cli(
      'attribution',
      '--paths',
      path.join(fixtures, 'reference-paths.csv'),
      '--model',
      'markov',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { channel: 'a', conversions: 2, value: 20 },
      { channel: 'b', conversions: 1.5, value: 15 },
      { channel: 'c', conversions: 0.5, value: 5 },
    ]);
  });

  it('prints every model keyed by name with --model all', async () => {
    const r = await cli('attribution', '--paths', path.join(fixtures, 'reference-paths.csv'), '--format', 'json');
    const out = JSON.parse(r.out) as Record<string, unknown[]>;
    expect(Object.keys(out)).toContain('shapley');
    expect(Object.keys(out)).toHaveLength(9);
  });

  it('attributes warehouse orders', async () => {
    const r = await cli(
      'attribution',
      '--db',
      db,
      '--period',
      '2026-03',
      '--model',
      'last_touch',
      '--conversion',
      'orders',
      '--format',
      'json',
    );
    expect(r.err).toBe('');
    const rows = (JSON.parse(r.out) as { channel: string; value: number }[]).filter((x) => x.value > 0);
    expect(rows).toEqual([
      { channel: 'sem', conversions: 1, value: 100 },
      { channel: 'Direct', conversions: 1, value: 50.5 },
    ]);
  });

  it.each([
    [['attribution', '--paths', '/nonexistent/p.csv'], /cannot read/],
    [['attribution', '--period', '2026-03', '--model', 'magic', '--db', 'x'], /unknown attribution model/],
    [['attribution', '--db', 'x'], /--period is required/],
  ])('rejects bad input %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('names the row and column of a bad paths file', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'path;total_conversions;total_conversion_value;total_null\na > b;3;x;1\n');
    const r = await cli('attribution', '--paths', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/row 2, column total_conversion_value/);
  });
});

describe('yardstick ab', () => {
  it('prints the reference z-test as JSON', async () => {
    const r = await cli('ab', '--control', '5/83', '--variant', '12/99', '--format', 'json');
    const out = JSON.parse(r.out);
    expect(out.z).toBeCloseTo(-1.40783, 5);
    expect(out.p).toBeCloseTo(0.159181, 6);
    expect(out.chi2).toBeCloseTo(out.z ** 2, 10);
    expect(out.lift.absolute).toBeCloseTo(12 / 99 - 5 / 83, 10);
    expect(out.verdict).toMatchObject({ code: 'inconclusive' });
  });

  it('prints a table with z and p', async () => {
    const r = await cli('ab', '--control', '5/83', '--variant', '12/99');
    expect(r.out).toMatch(/z\s+-1\.40783/);
    expect(r.out).toMatch(/p\s+0\.159181/);
  });

  it('analyses warehouse experiments', async () => {
    const r = await cli('ab', '--db', db, '--period', '2026-03', '--format', 'json');
    const out = JSON.parse(r.out);
    expect(out).toHaveLength(1);
    expect(out[0].result.verdict.code).toBe('variant_wins');
  });

  it.each([
    [['ab', '--control', '5/83'], /both/],
    [['ab', '--control', '9/3', '--variant', '1/2'], /--control/],
    [['ab', '--control', '1/3', '--variant', '1/2', '--alpha', '2'], /--alpha/],
  ])('rejects %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('yardstick clv', () => {
  it('fits the CDNOW sample and names the parameters', async () => {
    const r = await cli('clv', '--orders', cdnow, '--calibration-end', '1997-09-30', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.r).toBeCloseTo(0.243, 3);
    expect(out.alpha).toBeCloseTo(4.414, 2);
    expect(out.a).toBeCloseTo(0.793, 3);
    expect(out.b).toBeCloseTo(2.426, 2);
    expect(out.p).toBeCloseTo(6.25, 2);
    expect(out.q).toBeCloseTo(3.74, 2);
    expect(out.v).toBeCloseTo(15.44, 1);
    expect(out.customers).toHaveLength(2357);
    expect(out.customers[0]).toHaveProperty('probability_alive');
  });

  it('runs on the warehouse orders', async () => {
    const r = await cli('clv', '--db', db, '--time-unit', 'day', '--format', 'json');
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).customers).toHaveLength(2);
  });

  it.each([
    [['clv', '--orders', cdnow, '--time-unit', 'month'], /--time-unit/],
    [['clv', '--orders', cdnow, '--calibration-end', '1997-02-30'], /--calibration-end/],
  ])('rejects %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('yardstick attribution with many channels', () => {
  it('skips Shapley beyond 15 channels under --model all and says why', async () => {
    const file = path.join(dir, 'wide.csv');
    const lines = Array.from({ length: 16 }, (_, i) => `c${i} > c${(i + 1) % 16};1;10;1`);
    writeFileSync(file, ['path;total_conversions;total_conversion_value;total_null', ...lines].join('\n'));
    const r = await cli('attribution', '--paths', file, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/shapley skipped: .*at most 15/);
    const out = JSON.parse(r.out);
    expect(out.shapley).toBeNull();
    expect(out.markov).toHaveLength(16);
    const single = await cli('attribution', '--paths', file, '--model', 'shapley');
    expect(single.code).toBe(2);
  });
});
