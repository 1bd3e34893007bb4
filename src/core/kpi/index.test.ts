import { describe, expect, it } from 'vitest';
import { MEASURE_IDS } from '../measures/ids.js';
import {
  formulaMeasures,
  getKpi,
  KPI_CATALOG,
  kpiVersionAt,
  loadKpiCatalog,
  parseFormula,
  suggestKpis,
} from './index.js';

const userKpi = {
  id: 'whitepaper_downloads',
  name_zh: '白皮书下载量',
  name_en: 'Whitepaper downloads',
  unit: 'count',
  direction: 'higher',
  stage: 'operations',
  perspective: 'internal',
  dimensions: ['content_type', 'owner'],
  long_term: false,
  versions: [{ version: 'v1', effective_from: '2025-01-01', formula: 'content_downloads' }],
};

describe('KPI_CATALOG', () => {
  it.each([
    ['uv', 'visitors'],
    ['channel_share', 'sessions / sessions_total'],
    ['cpl', 'spend / leads'],
    ['roi', '(attributed_revenue - spend) / spend'],
    ['close_rate', 'sql_cohort_won / sql_cohort'],
    ['brand_search_growth', 'growth(brand_search_volume)'],
    ['nps', '(nps_promoters - nps_detractors) / nps_responses * 100'],
    ['doc_completeness', 'deliverable_score_sum / deliverables_due'],
  ])('%s = %s', (id, formula) => {
    expect(kpiVersionAt(getKpi(id), '2026-01-15').formula).toBe(formula);
  });

  it('has unique ids and formulas over known measures only', () => {
    const ids = KPI_CATALOG.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const kpi of KPI_CATALOG) {
      for (const v of kpi.versions) {
        for (const m of formulaMeasures(parseFormula(v.formula))) expect(MEASURE_IDS).toContain(m);
      }
    }
  });

  it('marks long-term KPIs and lower-is-better costs', () => {
    expect(KPI_CATALOG.filter((k) => k.long_term).map((k) => k.id)).toEqual(
      expect.arrayContaining(['brand_search_growth', 'nps', 'clv', 'repurchase_rate', 'review_score']),
    );
    for (const id of ['cpl', 'cost_per_sql', 'cac', 'churn_rate']) expect(getKpi(id).direction).toBe('lower');
    expect(getKpi('channel_roi').required_dimension).toBe('channel');
  });

  it.each([
    ['mql_count', '2026-03-31', 'v1', undefined],
    ['mql_count', '2026-04-01', 'v2', 'v2'],
    ['mql_to_sql_rate', '2026-06-30', 'v2', 'v2'],
    ['mql_count', '2024-06-01', 'v1', undefined],
    ['cpl', '2027-01-01', 'v1', undefined],
  ])('%s on %s uses %s', (id, date, version, rule) => {
    const v = kpiVersionAt(getKpi(id), date);
    expect(v.version).toBe(version);
    expect(v.measure_options?.mql_rule).toBe(rule);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => kpiVersionAt(getKpi('mql_count'), 'Q2 2026')).toThrow(/version date "Q2 2026"/);
    expect(kpiVersionAt(getKpi('mql_count'), new Date('2026-04-01T00:00:00Z')).version).toBe('v2');
  });

  it('throws on unknown ids', () => {
    expect(() => getKpi('nope')).toThrow('unknown KPI "nope"');
  });

  it('suggests the KPI a mistyped id or a name meant', () => {
    const ids = (q: string) => suggestKpis(q).map((k) => k.id);
    expect(ids('Cost per lead')).toEqual(['cpl']);
    expect(ids('线索获取成本')).toEqual(['cpl']);
    expect(ids('mql_cont')).toEqual(['mql_count', 'sql_count']);
    expect(ids('rio')).toEqual(['roi']);
    expect(ids('weather')).toEqual([]);
  });
});

describe('loadKpiCatalog', () => {
  it('adds user KPIs and later versions without code', () => {
    const catalog = loadKpiCatalog({
      kpis: [userKpi],
      versions: { cpl: [{ version: 'v2', effective_from: '2026-07-01', formula: 'spend / sqls' }] },
    });
    expect(getKpi('whitepaper_downloads', catalog).name_zh).toBe('白皮书下载量');
    expect(kpiVersionAt(getKpi('cpl', catalog), '2026-07-01').formula).toBe('spend / sqls');
    expect(kpiVersionAt(getKpi('cpl'), '2026-07-01').formula).toBe('spend / leads');
    expect(loadKpiCatalog([userKpi]).length).toBe(KPI_CATALOG.length + 1);
  });

  it.each([
    [{ kpis: [{ ...userKpi, unit: 'kg' }] }, /KPI "whitepaper_downloads" field unit/],
    [{ kpis: [{ ...userKpi, dimensions: ['planet'] }] }, /field dimensions\[0\]/],
    [
      { kpis: [{ ...userKpi, versions: [{ version: 'v1', effective_from: '2025-01-01', formula: 'x / y' }] }] },
      /field versions\[0\]\.formula: formula "x \/ y": unknown measure "x"/,
    ],
    [
      { kpis: [{ ...userKpi, versions: [{ version: 'v1', effective_from: '2025-02-30', formula: 'leads' }] }] },
      /versions\[0\]\.effective_from/,
    ],
    [{ kpis: [{ ...userKpi, id: 'uv' }] }, /KPI "uv" field id: already defined/],
    [{ kpis: [{ ...userKpi, colour: 'red' }] }, /KPI "whitepaper_downloads"/],
    [
      { versions: { cpl: [{ version: 'v0', effective_from: '2024-01-01', formula: 'spend' }] } },
      /KPI "cpl" field versions\[1\]\.effective_from/,
    ],
    [{ versions: { nope: [] } }, /KPI "nope" field versions: unknown KPI/],
    [{ metrics: [] }, /KPI config/],
  ])('rejects %j', (config, message) => {
    expect(() => loadKpiCatalog(config)).toThrow(message);
  });
});
