import { describe, expect, it } from 'vitest';
import { formulaMeasures, KPI_CATALOG, parseFormula } from '../kpi/index.js';
import { MEASURE_IDS, MEASURES, significantExperiments, TABLE_DIMENSIONS, twoProportionPValue } from './index.js';

describe('measure definitions', () => {
  it.each(MEASURE_IDS.map((id) => [id]))('%s has a definition on a known table', (id) => {
    const m = MEASURES.get(id);
    expect(m?.id).toBe(id);
    expect(TABLE_DIMENSIONS[m!.table]).toBeDefined();
    expect(m!.description_en.length).toBeGreaterThan(3);
    expect(m!.description_zh.length).toBeGreaterThan(1);
  });

  it.each(KPI_CATALOG.flatMap((k) => k.versions.map((v) => [k.id, v.version, v.formula])))(
    'KPI %s %s uses defined measures only',
    (_id, _version, formula) => {
      for (const m of formulaMeasures(parseFormula(formula))) expect(MEASURES.has(m)).toBe(true);
    },
  );

  it('versions the MQL rule on every MQL-based measure', () => {
    for (const id of ['mqls', 'lead_cohort_mql', 'mql_cohort', 'mql_cohort_sql', 'mql_cohort_won'] as const) {
      expect(MEASURES.get(id)?.variants?.mql_rule?.v2?.length).toBeGreaterThan(0);
    }
  });

  it('cuts events by web dimensions only, leads also by owner and sales owner', () => {
    expect(TABLE_DIMENSIONS.events.owner).toBeUndefined();
    expect(TABLE_DIMENSIONS.leads.owner).toEqual({ col: 'owner_id' });
    expect(TABLE_DIMENSIONS.leads.sales_owner).toEqual({ col: 'sales_owner_id' });
    expect(TABLE_DIMENSIONS.spend.team).toEqual({ team: 'owner_id' });
  });
});

describe('two-proportion z-test', () => {
  it.each([
    // p-values from the pooled z statistic, worked out by hand: z = (p2 − p1) / sqrt(p̄(1 − p̄)(1/n1 + 1/n2))
    [100, 1000, 150, 1000, 0.000723], // z = 3.381
    [100, 1000, 105, 1000, 0.7124], // z = 0.3686
    [50, 500, 50, 500, 1], // z = 0
  ])('c1=%i n1=%i c2=%i n2=%i → p ≈ %d', (c1, n1, c2, n2, p) => {
    expect(twoProportionPValue(c1, n1, c2, n2)).toBeCloseTo(p, 3);
  });

  it.each([
    [0, 0, 1, 10],
    [0, 10, 0, 10], // no variance
  ])('is undefined for c1=%i n1=%i c2=%i n2=%i', (c1, n1, c2, n2) => {
    expect(twoProportionPValue(c1, n1, c2, n2)).toBeNull();
  });

  it('compares the best variant with the control', () => {
    const v = (
      experimentId: string,
      variant: string,
      isControl: boolean | null,
      visitors: number,
      conversions: number,
    ) => ({
      experimentId,
      variant,
      isControl,
      visitors,
      conversions,
    });
    const result = significantExperiments([
      v('X1', 'A', true, 1000, 100),
      v('X1', 'B', false, 1000, 150),
      v('X1', 'C', false, 1000, 90),
      v('X2', 'control', null, 1000, 150), // control found by name; the variant is worse, not a winner
      v('X2', 'new', null, 1000, 100),
      v('X3', 'only', true, 10, 1),
    ]);
    expect(result.get('X1')?.significant).toBe(true);
    expect(result.get('X2')?.significant).toBe(false);
    expect(result.get('X3')).toEqual({ significant: false, pValue: null });
  });
});
