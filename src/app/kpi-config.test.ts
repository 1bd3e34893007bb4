import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getKpi, KPI_CATALOG, kpiVersionAt } from '../core/kpi/index.js';
import { loadKpiConfigFile, readConfigFile } from './kpi-config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-kpi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('loadKpiConfigFile', () => {
  it('loads the documented example', () => {
    const catalog = loadKpiConfigFile(path.join(import.meta.dirname, '../../docs/examples/kpis.yaml'));
    expect(catalog).toHaveLength(KPI_CATALOG.length + 2);
    expect(kpiVersionAt(getKpi('lead_growth', catalog), '2026-01-01').formula).toBe('growth(leads)');
    expect(kpiVersionAt(getKpi('cpl', catalog), '2026-08-01').version).toBe('v2');
  });

  it.each([
    [
      'bad-measure.yaml',
      'kpis:\n  - id: x\n    name_zh: 甲\n    name_en: X\n    unit: count\n    direction: higher\n    stage: team\n    perspective: internal\n    dimensions: []\n    long_term: false\n    versions: [{version: v1, effective_from: 2025-01-01, formula: leads / nope}]\n',
      /bad-measure\.yaml: KPI "x" field versions\[0\]\.formula: .*unknown measure "nope"/,
    ],
    ['bad-yaml.yaml', 'kpis: [\n', /bad-yaml\.yaml, line \d+, column \d+: malformed YAML/],
    ['bad-root.yaml', 'metrics: []\n', /bad-root\.yaml: KPI config field metrics/],
  ])('%s is refused with file and field', (name, text, message) => {
    expect(() => loadKpiConfigFile(write(name, text))).toThrow(message);
  });

  it('treats an empty file as no user KPIs', () => {
    expect(loadKpiConfigFile(write('empty.yaml', ''))).toHaveLength(KPI_CATALOG.length);
  });
});

describe('readConfigFile', () => {
  it.each([
    ['a.json', '\uFEFF{"a": 1}', { a: 1 }],
    ['a.yml', 'a: 1\nb: [x, y]\n', { a: 1, b: ['x', 'y'] }],
  ])('reads %s', (name, text, value) => {
    expect(readConfigFile(write(name, text))).toEqual(value);
  });
  it.each([
    ['dup.yaml', 'a: 1\na: 2\n', /dup\.yaml, line 2, column 1: malformed YAML \(Map keys must be unique\)/],
    ['bad.json', '{\n  "a": 1,\n}', /bad\.json, line 3: malformed JSON/],
  ])('refuses %s', (name, text, message) => {
    expect(() => readConfigFile(write(name, text))).toThrow(message);
  });
});
